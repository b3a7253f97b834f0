/* chiso: the little the pages need from the browser; no inline script (strict CSP).
   A select marked data-autosubmit submits its form when changed (the year bar). */
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.submit(); }
});
