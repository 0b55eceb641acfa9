// The message's character count, as in the GOV.UK design system: without JavaScript the hint
// states the limit and the server enforces it; with it, the count updates as the patient types.
(function () {
  "use strict";
  document.querySelectorAll(".character-count").forEach(function (group) {
    var field = group.querySelector("textarea");
    var message = group.querySelector(".character-count-message");
    var max = parseInt(group.getAttribute("data-maxlength"), 10);
    if (!field || !message || !max) return;
    var timer;
    function update() {
      var left = max - field.value.length;
      var over = left < 0;
      var n = Math.abs(left).toLocaleString("en-US");
      message.textContent = over
        ? "You have " + n + (n === "1" ? " character" : " characters") + " too many"
        : "You have " + n + (n === "1" ? " character" : " characters") + " remaining";
      message.classList.toggle("character-count-over", over);
    }
    // Announce after a pause in typing, not on every key.
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
    update();
  });
})();
