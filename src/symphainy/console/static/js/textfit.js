// Text in SVG drawings: how wide a text is in a font, and shortening it to fit a width.
let pen = null;

/** The width `text` takes in `font` (a CSS font), measured as the browser will draw it. */
export function measure(text, font) {
  pen = pen || document.createElement("canvas").getContext("2d");
  pen.font = font;
  return pen.measureText(String(text)).width;
}

/** `text`, shortened with "…" until it fits `width` in `font`. */
export function fit(text, font, width) {
  const full = String(text);
  if (measure(full, font) <= width) return full;
  let end = full.length;
  while (end > 1 && measure(`${full.slice(0, end)}…`, font) > width) end -= 1;
  return `${full.slice(0, end)}…`;
}
