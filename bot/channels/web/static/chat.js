// Kiepe web chat: sends turns to POST /chat/turn and renders the replies.
// Vanilla JS, no build step. Text is always inserted as text (never as HTML).
"use strict";

(function () {
  const TURN_URL = "/chat/turn";
  const SESSION_URL = "/chat/session";
  // The server keeps the session in an HttpOnly cookie; this header shows a request comes from
  // this page's own script (another site cannot add it without a CORS preflight).
  const SAME_ORIGIN_HEADERS = { "X-Kiepe-Chat": "1" };
  const MAX_TEXT = 1000;
  const TIMEOUT_MS = 30000;
  const BUSY_RETRIES = 3;  // a 503 with Retry-After (the server is full) is sent again this often

  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const send = document.getElementById("send");
  const status = document.getElementById("status");
  const restart = document.getElementById("restart");

  let busy = false;
  let lastPointer = "mouse"; // "touch": do not pop up the phone's keyboard after a button press
  let typing = null;

  // ---- session: an HttpOnly cookie the server issues; "Neu beginnen" asks for a new one ----

  async function newSession() {
    try {
      const response = await fetch(SESSION_URL, {
        method: "POST", headers: SAME_ORIGIN_HEADERS, credentials: "same-origin",
      });
      return response.ok;
    } catch (e) {
      return false;
    }
  }

  // ---- rendering --------------------------------------------------------------------------

  function scrollToEnd() {
    const last = log.lastElementChild;
    if (last) {
      const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      last.scrollIntoView({ block: "end", behavior: reduce ? "auto" : "smooth" });
    }
  }

  function speaker(name) {
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = name + ": ";
    return who;
  }

  function addUserMessage(text) {  // returns the message, to take it back if sending fails
    const item = document.createElement("div");
    item.className = "msg msg-user";
    const bubble = document.createElement("p");
    bubble.className = "bubble";
    bubble.appendChild(speaker("Sie"));
    bubble.appendChild(document.createTextNode(text));
    item.appendChild(bubble);
    log.appendChild(item);
    scrollToEnd();
    return item;
  }

  // Keep "9,90 €", "28. November" and "6 Brötchen" on one line, order numbers (K-2611-000001) whole.
  const REFERENCE = /\b[A-Z]-\d{4}-\d{4,}\b/g;

  function glue(text) {
    return text.replace(/(\d\.?) (?=[^\s\d])/g, "$1\u00a0");
  }

  function appendReadable(parent, text) {
    let last = 0;
    for (const match of text.matchAll(REFERENCE)) {
      parent.appendChild(document.createTextNode(glue(text.slice(last, match.index))));
      const ref = document.createElement("span");
      ref.className = "ref";
      ref.textContent = match[0];
      parent.appendChild(ref);
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(glue(text.slice(last))));
  }

  function safeLink(href) {
    try {
      const url = new URL(href, window.location.href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function addReply(reply) {
    const item = document.createElement("div");
    item.className = "msg msg-bot";
    if (reply.action && reply.action !== "continue") {
      item.dataset.action = reply.action;
    }
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    const text = document.createElement("p");
    text.className = "text";
    text.appendChild(speaker("Kiepe"));
    appendReadable(text, reply.text || "");
    bubble.appendChild(text);

    const href = reply.link ? safeLink(reply.link) : null;
    if (href) {
      const link = document.createElement("a");
      link.className = "pay-link";
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.textContent = "Jetzt bezahlen";
      const note = document.createElement("span");
      note.className = "visually-hidden";
      note.textContent = " (öffnet in einem neuen Tab)";
      link.appendChild(note);
      bubble.appendChild(link);
    }

    const choices = reply.choices || [];
    if (choices.length) {
      const group = document.createElement("div");
      group.className = "choices";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Antwortmöglichkeiten");
      choices.forEach((choice) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "choice";
        button.textContent = choice.label;
        button.dataset.value = choice.value;
        button.addEventListener("click", () => onChoice(button, choice));
        group.appendChild(button);
      });
      bubble.appendChild(group);
    }
    item.appendChild(bubble);

    if (reply.action === "end" || reply.action === "handoff") {
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = reply.action === "end"
        ? "Das Gespräch ist beendet. Sie können jederzeit wieder schreiben."
        : "Ein Mensch aus dem Team übernimmt jetzt.";
      item.appendChild(note);
    }
    log.appendChild(item);
  }

  // Older choices stay readable but can no longer be pressed. Returns a function that undoes it
  // (when the turn could not be sent, the resident can press again).
  function retireChoices(chosen) {
    const retired = Array.from(log.querySelectorAll("button.choice:not([disabled])"));
    retired.forEach((button) => {
      button.disabled = true;
      if (button === chosen) {
        button.classList.add("chosen");
      }
    });
    return () => retired.forEach((button) => {
      button.disabled = false;
      button.classList.remove("chosen");
    });
  }

  function showTyping() {
    typing = document.createElement("div");
    typing.className = "msg msg-bot typing";
    typing.setAttribute("aria-hidden", "true");
    const bubble = document.createElement("p");
    bubble.className = "bubble";
    bubble.textContent = "Kiepe schreibt …";
    typing.appendChild(bubble);
    log.appendChild(typing);
    scrollToEnd();
  }

  function hideTyping() {
    if (typing) {
      typing.remove();
      typing = null;
    }
  }

  // The status line stays in the page (empty) so screen readers announce what appears in it.
  function setStatus(text) {
    status.textContent = text;
  }

  // ---- talking to the server --------------------------------------------------------------

  function setBusy(value) {
    busy = value;
    log.setAttribute("aria-busy", value ? "true" : "false");
    send.setAttribute("aria-disabled", value ? "true" : "false");
  }

  async function sendTurn(body) {
    setBusy(true);
    setStatus("");
    showTyping();
    const abort = new AbortController();
    const timer = window.setTimeout(() => abort.abort(), TIMEOUT_MS);
    try {
      let response, data;
      // Under overload the server turns a turn away at once (503 with Retry-After) before any of
      // it has happened: say so, wait, and send the same turn again (a few times).
      for (let attempt = 0; ; attempt++) {
        response = await fetch(TURN_URL, {
          method: "POST",
          headers: Object.assign({ "Content-Type": "application/json", "Accept": "application/json" },
                                 SAME_ORIGIN_HEADERS),
          credentials: "same-origin",
          body: JSON.stringify(body),
          signal: abort.signal,
        });
        data = null;
        try { data = await response.json(); } catch (e) { data = null; }
        const wait = Number(response.headers.get("Retry-After"));
        if (response.status !== 503 || !wait || attempt >= BUSY_RETRIES) {
          break;
        }
        setStatus("Einen Moment bitte …");
        await new Promise((resolve) => window.setTimeout(resolve, Math.min(wait, 10) * 1000));
      }
      setStatus("");
      hideTyping();
      if (!response.ok || !data || !Array.isArray(data.replies)) {
        const message = data && data.resident_message
          ? data.resident_message
          : "Das hat leider nicht geklappt. Bitte versuchen Sie es noch einmal.";
        setStatus(message);
        return false;
      }
      data.replies.forEach(addReply);
      scrollToEnd();
      return true;
    } catch (e) {
      hideTyping();
      setStatus("Keine Verbindung. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es noch einmal.");
      return false;
    } finally {
      window.clearTimeout(timer);
      setBusy(false);
    }
  }

  function focusInput() {
    input.focus({ preventScroll: true });
  }

  async function onSubmit(event) {
    event.preventDefault();
    const text = input.value.trim().slice(0, MAX_TEXT);
    if (busy) {
      return;
    }
    if (!text) {
      setStatus("Bitte schreiben Sie zuerst eine Nachricht.");
      focusInput();
      return;
    }
    const undoRetire = retireChoices(null);
    const mine = addUserMessage(text);
    input.value = "";
    focusInput();
    const ok = await sendTurn({ text: text });
    if (!ok) {  // take it back: the resident can send it again
      mine.remove();
      undoRetire();
      if (!input.value) {
        input.value = text;
      }
    }
    focusInput();
  }

  async function onChoice(button, choice) {
    if (busy || button.disabled) {
      return;
    }
    const touch = lastPointer === "touch";
    const undoRetire = retireChoices(button);
    const mine = addUserMessage(choice.label);
    if (!touch) {
      focusInput();
    }
    const ok = await sendTurn({ choice: choice.value });
    if (!ok) {  // take it back: the buttons can be pressed again
      mine.remove();
      undoRetire();
    }
    if (!touch) {
      focusInput();
    }
  }

  async function onRestart() {
    if (busy) {
      return;
    }
    if (log.querySelector(".msg-user") &&
        !window.confirm("Neu beginnen? Der bisherige Chat und Ihr Warenkorb hier werden geleert.")) {
      return;
    }
    if (!(await newSession())) {
      setStatus("Keine Verbindung. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es noch einmal.");
      return;
    }
    log.textContent = "";
    setStatus("");
    focusInput();
    await sendTurn({});
    focusInput();
  }

  document.addEventListener("pointerdown", (event) => { lastPointer = event.pointerType || "mouse"; }, true);
  document.addEventListener("keydown", () => { lastPointer = "keyboard"; }, true);
  form.addEventListener("submit", onSubmit);
  restart.addEventListener("click", onRestart);
  setStatus("");

  // Greet: an empty turn, the dialogue answers with its greeting.
  focusInput();
  sendTurn({}).then(() => {
    document.documentElement.dataset.ready = "true";
  });
})();
