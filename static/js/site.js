// The site's one script. Everything works without it; it only makes things quicker: the
// reading-preferences toolbar, the error summary's links, and the message's character count.
(function () {
  "use strict";

  // The toolbar: open and close without a reload; settings apply at once. The server
  // decides the new preferences (POST /preferences, the same form as without JavaScript)
  // and sets the cookie; this applies its answer to the page.
  var toolbar = document.getElementById("accessibility-tools");
  if (toolbar) {
    var toggle = toolbar.querySelector(".toolbar-toggle");
    var panel = document.getElementById("toolbar-panel");
    var settings = panel.querySelector(".toolbar-settings");
    var status = document.getElementById("toolbar-status");
    var size = document.getElementById("toolbar-size");

    var setOpen = function (open) {
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
    };

    toggle.addEventListener("click", function (event) {
      event.preventDefault();
      setOpen(panel.hidden);
    });

    toolbar.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        setOpen(false);
        toggle.focus();
      }
    });

    var announce = function (message) {
      // Emptied first, so the same words said twice are announced twice.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    };

    // A click, not the form's submit: on the consultation page the buttons belong to the
    // consultation form (so that without JavaScript the typed answers travel with them).
    settings.addEventListener("click", function (event) {
      var button = event.target.closest("button[name='setting']");
      if (!button || !window.fetch) return; // the plain post still works
      event.preventDefault();
      fetch(settings.action, {
        method: "POST",
        body: new URLSearchParams({ setting: button.value }),
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (state) {
          document.documentElement.className = state.classes;
          settings.querySelectorAll("button[aria-pressed]").forEach(function (other) {
            other.setAttribute("aria-pressed", String(Boolean(state.pressed[other.value])));
          });
          size.textContent = state.size + "%";
          announce(state.message);
        })
        .catch(function () {
          // Fall back to the page-reloading post, with the button's own value and form.
          var field = document.createElement("input");
          field.type = "hidden";
          field.name = "setting";
          field.value = button.value;
          button.form.appendChild(field);
          button.form.submit();
        });
    });
  }

  // The link to this page in the other language keeps the section named in the address
  // (#when-to-get-help): both languages give their sections the same ids.
  document.querySelectorAll("a.language-link").forEach(function (link) {
    link.addEventListener("click", function () {
      link.hash = window.location.hash;
    });
  });

  // Error summary links: put the cursor in the field itself (following the link alone only
  // scrolls to it), with its label or question in view, as the GOV.UK design system does.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      var group = field.closest("fieldset");
      var label = group ? group.querySelector("legend") : document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  });

  // The form's answers are kept in this tab while the patient types, so that following any link
  // away (the article, the site map) and coming back finds them again. sessionStorage never
  // leaves the browser and is gone when the tab closes; the copy is deleted once the request is
  // sent. (Without JavaScript the toolbar's buttons carry the answers: see toolbar.html.)
  var DRAFT = "consultation-draft";
  var KEPT = ["name", "email", "phone", "contact_method", "patient_status", "message", "consent"];
  var storage = null;
  try {
    storage = window.sessionStorage; // refused by some privacy settings: then nothing is kept
  } catch (error) { /* no storage */ }
  var form = document.getElementById("consultation-form");
  if (storage && document.querySelector("[data-request-sent]")) {
    storage.removeItem(DRAFT);
  }
  if (storage && form) {
    var fieldValue = function (field) {
      if (field.type === "checkbox") return field.checked ? field.value : "";
      return field.value; // a radio group's RadioNodeList gives the checked one's value
    };
    var answers = function () {
      var values = {};
      KEPT.forEach(function (name) { values[name] = fieldValue(form.elements[name]); });
      return values;
    };
    var draft = null;
    try {
      draft = JSON.parse(storage.getItem(DRAFT) || "null");
    } catch (error) { draft = null; }
    var untouched = KEPT.every(function (name) { return !fieldValue(form.elements[name]); });
    if (draft && untouched) { // a fresh form: never over what the server sent back
      KEPT.forEach(function (name) {
        var field = form.elements[name];
        if (field.type === "checkbox") field.checked = draft[name] === field.value;
        else if (typeof draft[name] === "string") field.value = draft[name];
      });
    }
    var save = function () { storage.setItem(DRAFT, JSON.stringify(answers())); };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
  }

  // The message's character count, as in the GOV.UK design system: without JavaScript the
  // hint states the limit and the server enforces it; with it, the count follows the typing.
  document.querySelectorAll(".character-count").forEach(function (group) {
    var field = group.querySelector("textarea");
    var message = group.querySelector(".character-count-message");
    var max = parseInt(group.getAttribute("data-maxlength"), 10);
    if (!field || !message || !max) return;
    var timer;
    var update = function () {
      var left = max - field.value.length;
      var count = Math.abs(left);
      var words = group.getAttribute("data-" + (left < 0 ? "over" : "remaining") + (count === 1 ? "-one" : "-other"));
      message.textContent = words.replace("{count}", count.toLocaleString(group.getAttribute("data-locale")));
      message.classList.toggle("character-count-over", left < 0);
    };
    // Announced after a pause in typing, not at every key.
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
    update();
  });
})();
