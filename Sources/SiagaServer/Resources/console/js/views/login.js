// Sign-in: username and password, the server's message when refused (wrong password, too many attempts).
import { post, setCSRF } from "../api.js";
import { h, replace } from "../dom.js";
import { t, language, setLanguage } from "../i18n.js";

export async function render(ctx, view, { onSignedIn }) {
  const username = h("input", { id: "username", name: "username", autocomplete: "username", required: true, autofocus: true });
  const password = h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const message = h("p", { className: "error", id: "login-error", role: "alert" });
  const form = h("form", { className: "login", onsubmit: async (event) => {
    event.preventDefault();
    message.textContent = "";
    try {
      const session = await post("/session", { username: username.value.trim(), password: password.value });
      setCSRF(session.csrfToken);
      await onSignedIn(session);
    } catch (error) {
      message.textContent = error.messages?.join(" · ") ?? t("error.unexpected");
      password.select();
    }
  } },
    h("div", { className: "login-brand" }, h("span", { className: "logo big" }, "112"), h("h1", {}, t("login.title"))),
    h("label", {}, t("login.username"), username),
    h("label", {}, t("login.password"), password),
    message,
    h("button", { type: "submit", className: "primary" }, t("login.submit")),
    h("button", { type: "button", className: "link", onclick: () => { setLanguage(language() === "id" ? "en" : "id"); location.reload(); } },
      language() === "id" ? "English" : "Bahasa Indonesia"));
  replace(view, h("div", { className: "login-page" }, form));
  username.focus();
}
