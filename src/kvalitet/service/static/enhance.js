// Progressive enhancement: every page works without this script.
"use strict";

// The caseworker's interview: answer without reloading the page, so the live region of the
// settled services announces what changed, and focus moves to the next question.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  const submitter = event.submitter;
  if (!(form instanceof HTMLFormElement) || form.id !== "interview") return;
  if (submitter && submitter.value === "language") return;  // a whole new page
  event.preventDefault();
  const data = new FormData(form, submitter || undefined);
  let html;
  try {
    const target = form.getAttribute("action");  // form.action is the buttons named "action"
    const response = await fetch(target, { method: "POST", body: new URLSearchParams(data) });
    html = await response.text();
  } catch (error) {
    if (submitter) {
      const action = document.createElement("input");
      action.type = "hidden"; action.name = submitter.name; action.value = submitter.value;
      form.append(action);
    }
    form.submit();
    return;
  }
  const next = new DOMParser().parseFromString(html, "text/html");
  const view = next.getElementById("view");
  const settled = next.getElementById("settled-list");
  if (!view || !settled) { document.open(); document.write(html); document.close(); return; }
  document.getElementById("view").replaceWith(view);
  document.getElementById("settled-list").innerHTML = settled.innerHTML;
  document.title = next.title;
  enhancePrint();
  const focus = view.querySelector("[autofocus]") || view.querySelector("#heading");
  if (focus) focus.focus();
});

function enhancePrint() {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.onclick = () => window.print();
  }
  for (const hint of document.querySelectorAll(".print-hint")) hint.hidden = true;
}

// The playground: check the standard's text as it is typed, and jump to a problem's line.
function goToLine(textarea, line) {
  const lines = textarea.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
  textarea.focus();
  textarea.setSelectionRange(start, start + (lines[line - 1] || "").length);
  const height = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
  textarea.scrollTop = Math.max(0, (line - 3) * height);
}

function liveCheck(form) {
  const textarea = form.querySelector("#text");
  const region = document.getElementById("live-problems");
  if (!textarea || !region) return;
  let timer = null;
  let asked = 0;
  const show = (answer, number) => {
    if (number !== asked) return;  // an older answer arrived late
    region.replaceChildren();
    const items = [...answer.problems, ...answer.findings.filter((f) => f.severity === "error")];
    if (items.length === 0) {
      const ok = document.createElement("p");
      ok.className = "ok"; ok.textContent = form.dataset.labelNoProblems;
      region.append(ok);
      return;
    }
    const list = document.createElement("ul");
    list.className = "problems";
    for (const item of items) {
      const entry = document.createElement("li");
      const line = item.line || 1;
      const button = document.createElement("button");
      button.type = "button"; button.className = "line-link"; button.dataset.line = line;
      button.textContent = form.dataset.labelGoToLine.replace("{line}", line);
      const text = document.createElement("span");
      text.className = "problem";
      text.textContent = `${item.code}: ${item.message}`;
      const source = document.createElement("pre");
      source.className = "source-line";
      source.textContent = `${line} ${textarea.value.split("\n")[line - 1] || ""}`;
      entry.append(button, " ", text, source);
      list.append(entry);
    }
    region.append(list);
  };
  const checkedText = textarea.value;
  const markStale = () => {
    // Only the problems follow the typing; what the last check found below is marked as such.
    const stale = textarea.value !== checkedText;
    const sections = document.querySelectorAll(".checked-results");
    for (const section of sections) section.classList.toggle("stale", stale);
    const note = document.getElementById("stale-note");
    if (note && sections.length > 0) {
      note.textContent = form.dataset.labelStale;
      note.hidden = !stale;
    }
  };
  textarea.addEventListener("input", () => {
    markStale();
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const number = ++asked;
      try {
        const response = await fetch(form.dataset.checkUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ standard: textarea.value }),
        });
        if (response.ok) show(await response.json(), number);
      } catch (error) { /* the Check button still works */ }
    }, 500);
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest(".line-link");
    if (button) goToLine(textarea, Number(button.dataset.line));
  });
}

enhancePrint();
const playground = document.getElementById("playground");
if (playground) liveCheck(playground);
