// Sign in: log in, register, or continue anonymously; an anonymous session upgrades on login.
import { api, auth, remember, rememberPair } from "../api.js";
import { fill, h, showInline } from "../dom.js";
import { go, landing, refreshAccount } from "../main.js";
import * as runs from "../runs.js";

function field(label, name, type, extra = {}) {
  return h("label", {}, label, h("input", { name, type, required: true, ...extra }));
}

/** After login or registration: keep the anonymous session (upgraded) or open a new one. */
async function signedIn(tokens, anonToken, anonSession) {
  if (anonToken && anonSession) {
    await runs.reattach(async () => {
      rememberPair(tokens);
      await api("PATCH", `/api/session/${anonSession}/upgrade`, { anonymous_token: anonToken, metadata: {} });
    });
  } else {
    rememberPair(tokens);
    remember(auth.token, (await api("POST", "/api/session/create", {})).session_id);
  }
  await refreshAccount();
  go(landing("#/content"));
}

// Each form's error shows inside that form, under its button (e.g. "Wrong email or password.").
function submitter(path, body) {
  return async (event) => {
    event.preventDefault();
    const problem = event.target.querySelector(".form-problem");
    showInline(problem);
    const form = new FormData(event.target);
    const wasAnonymous = auth.me && auth.me.anonymous;
    const anonToken = wasAnonymous ? auth.token : null;
    const anonSession = wasAnonymous ? auth.session : null;
    try {
      const tokens = await api("POST", path, body(form));
      await signedIn(tokens, anonToken, anonSession);
    } catch (err) { showInline(problem, err); }
  };
}

async function anonymous(problem) {
  showInline(problem);
  try {
    const res = await api("POST", "/api/session/create-anonymous", {});
    remember(res.access_token, res.session.session_id);
    await refreshAccount();
    go("#/content");  // a visitor starts by uploading a file, not in the developer catalogue
  } catch (err) { showInline(problem, err); }
}

function registration(f) {
  const body = { name: f.get("name"), email: f.get("email"), password: f.get("password") };
  if (f.get("invitation_code")) body.invitation_code = f.get("invitation_code");
  return body;
}

export function render(root) {
  const login = h("form", { id: "login-form", "aria-labelledby": "login-h", onsubmit: submitter("/api/auth/login", (f) => ({ email: f.get("email"), password: f.get("password") })) },
    h("h3", { id: "login-h", text: "Log in" }),
    field("Email", "email", "email", { autocomplete: "username" }),
    field("Password", "password", "password", { autocomplete: "current-password" }),
    h("button", { type: "submit", text: "Log in" }), h("div", { class: "form-problem" }));
  const register = h("form", { id: "register-form", "aria-labelledby": "register-h", onsubmit: submitter("/api/auth/register", registration) },
    h("h3", { id: "register-h", text: "Register" }),
    field("Name", "name", "text", { autocomplete: "name" }),
    field("Email", "email", "email", { autocomplete: "email" }),
    field("Password (8 characters or more)", "password", "password", { autocomplete: "new-password", minlength: 8 }),
    field("Invitation code (to join a team)", "invitation_code", "text", { required: false, autocomplete: "off" }),
    h("button", { type: "submit", text: "Register" }), h("div", { class: "form-problem" }));
  const anonProblem = h("div", { class: "form-problem" });
  const anon = auth.me && auth.me.anonymous
    ? h("p", { class: "muted", text: "Your anonymous session and what you did in it move into your account when you log in or register." })
    : h("p", {}, h("button", { type: "button", id: "anon", onclick: () => anonymous(anonProblem), text: "Continue anonymously" }), anonProblem);
  fill(root, h("h2", { text: "Sign in" }), h("div", { class: "cards" }, login, register), anon);
}
