// The page the app shows when it cannot start (its data file cannot be opened): the message
// comes from Rust, already in the device's language, through the window's start-up script.
(function () {
  var fatal = window.__BORDERDESK_FATAL__;
  if (!fatal) return;
  document.documentElement.lang = fatal.lang;
  document.querySelector("[data-testid=fatal-title]").textContent = fatal.title;
  document.querySelector("[data-testid=fatal-message]").textContent = fatal.message;
  document.querySelector("[data-testid=fatal-code]").textContent = fatal.code;
})();
