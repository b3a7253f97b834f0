// The steering forms (what-if): htmx leaves a 4xx answer unswapped by default, so the server's
// message would be thrown away and the old result would stay beside a rejected value. Targets
// marked data-swap-errors take the 400 answer in place (it holds the message and clears the
// result); the fields, and what was typed in them, are never replaced.
document.addEventListener("htmx:beforeSwap", function (event) {
  var detail = event.detail;
  if (detail.xhr && detail.xhr.status === 400 && detail.target && detail.target.hasAttribute("data-swap-errors")) {
    detail.shouldSwap = true;
    detail.isError = false;
  }
});
// While the server answers, mark the result as being recomputed (cleared on swap).
document.addEventListener("htmx:beforeRequest", function (event) {
  var result = document.getElementById("whatif-result");
  if (result && event.detail.elt && event.detail.elt.id === "whatif-form") {
    result.classList.add("stale");
  }
});
document.addEventListener("htmx:afterRequest", function () {
  var result = document.getElementById("whatif-result");
  if (result) {
    result.classList.remove("stale");
  }
});
// A field whose message (swapped out of band) is an error is marked invalid, for the eye and for
// screen readers; the field itself, and what was typed in it, is left alone.
document.addEventListener("htmx:afterSettle", function () {
  var form = document.getElementById("whatif-form");
  if (!form) {
    return;
  }
  form.querySelectorAll("td.field").forEach(function (cell) {
    var input = cell.querySelector("input");
    var message = cell.querySelector(".field-msg");
    if (!input || !message) {
      return;
    }
    if (message.classList.contains("error")) {
      input.setAttribute("aria-invalid", "true");
    } else {
      input.removeAttribute("aria-invalid");
    }
  });
});
