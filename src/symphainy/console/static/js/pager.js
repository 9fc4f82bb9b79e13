// Pagers: the same controls above a table and, under a long page, below it too (so a person
// at the end of the rows need not scroll back up); keyset pages (a cursor per page) and offset
// pages (first, last, a page number, rows per page) share the drawing.
import { fill, h } from "./dom.js";

const LONG = 12;  // rows: a shorter page ends close to its upper pager, so one is enough

/** The two boxes of a pager; `show(count, text, make)` refills both with fresh buttons from
 * `make()` (the lower one only under a long page). For lists that page themselves. */
export function boxes(label) {
  const top = h("div", { class: "pager", role: "group", "aria-label": label });
  const bottom = h("div", { class: "pager pager-end", role: "group", "aria-label": `${label}, below the table`, hidden: true });
  const show = (count, text, make, extra = []) => {
    fill(top, h("span", { class: "page-label", "aria-live": "polite", text }), make(), extra);
    bottom.hidden = count <= LONG;
    fill(bottom, bottom.hidden ? [] : [h("span", { class: "page-range", text }), make()]);
  };
  return { top, bottom, show };
}

const button = (text, disabled, onclick) => h("button", { type: "button", text, disabled, onclick });

const dash = (from, to, total) => `${from}–${to} of ${total}`;

/** Keyset pages. `fetch(cursor)` shows a page and returns {count, total, next_cursor};
 * `trail` holds the cursor of every page from the first to the shown one (null: the first).
 * `words` name the buttons and the range (`empty`: the text for no rows at all). */
export function keysetPager(label, size, fetch, onError, trail = [null], words = {}) {
  const { previous = "Previous", next: forward = "Next", range = dash, empty } = words;
  const { top, bottom, show } = boxes(label);
  const pager = { top, bottom, trail };
  pager.load = async (next = [null]) => {
    const page = await fetch(next[next.length - 1]);
    pager.trail = next;
    const first = (next.length - 1) * size;
    const go = (t) => () => pager.load(t).catch(onError);
    const text = !page.total && empty ? empty : range(page.count ? first + 1 : 0, first + page.count, page.total);
    show(page.count, text, () => [
      button(previous, next.length === 1, go(next.slice(0, -1))),
      button(forward, !page.next_cursor, go([...next, page.next_cursor]))]);
  };
  return pager;
}

/** Offset pages of `total` rows. `fetch(offset, limit)` shows a page and returns {count, total}. */
export function offsetPager(label, total, fetch, onError, sizes = [50, 100, 500]) {
  const { top, bottom, show } = boxes(label);
  const state = { offset: 0, size: 100, total };
  const pages = () => Math.max(1, Math.ceil(state.total / state.size));
  const jump = h("input", { type: "number", min: 1, value: 1, "aria-label": "Page number", class: "page-jump" });
  const size = h("select", { "aria-label": "Rows per page", onchange: (e) => { state.size = Number(e.target.value); load(0); } },
    sizes.map((n) => h("option", { value: n, selected: n === state.size, text: `${n} per page` })));
  const go = h("button", { type: "submit", text: "Go" });
  const goto = h("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); load((Number(jump.value) - 1) * state.size); } }, jump, go);
  async function load(offset) {
    state.offset = Math.max(0, Math.min(offset, (pages() - 1) * state.size));
    [top, bottom].forEach((box) => box.querySelectorAll("button").forEach((b) => { b.disabled = true; }));
    let page = { count: 0, total: state.total };
    try { page = await fetch(state.offset, state.size); } catch (err) { onError(err); }
    state.total = page.total;
    go.disabled = false;  // the page buttons are drawn anew below; Go is kept
    jump.value = Math.floor(state.offset / state.size) + 1;
    const from = page.count ? state.offset + 1 : 0;
    const atStart = state.offset === 0; const atEnd = state.offset + state.size >= state.total;
    const to = (target) => () => load(target());
    show(page.count, `Rows ${from} to ${state.offset + page.count} of ${state.total}`, () => [
      button("First", atStart, to(() => 0)), button("Previous", atStart, to(() => state.offset - state.size)),
      button("Next", atEnd, to(() => state.offset + state.size)), button("Last", atEnd, to(() => (pages() - 1) * state.size))], [size, goto]);
  }
  return { top, bottom, load };
}
