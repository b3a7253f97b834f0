/* chiso: the little behaviour the pages need, as a static file (the Content-Security-Policy allows no
   inline script or event handler). A <select data-autosubmit> submits its form when changed. */
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    field.form.submit();
  }
});
