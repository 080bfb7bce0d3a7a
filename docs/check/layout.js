// Injected by check_site.py into every page it serves: once the page has loaded and MathJax has
// typeset every formula, measure each element of the page's content against its text column
// (div.contents, or the body on a page without one) and write what sticks out as JSON into
// <pre id="dl-layout-report">, which the checker reads from the DOM Chromium dumps.
// An element inside a box that scrolls sideways (program output, code) may be wider than the
// column: the reader scrolls it. Anything else wider than the column is cut off or widens
// the page, so it is reported, once, at the outermost element that overflows; so is an SVG
// figure without a viewBox shown in a box narrower than it is drawn (its right part is cut).
(function () {
  "use strict";
  function describe(el) {
    var d = el.tagName.toLowerCase();
    if (el.id) d += "#" + el.id;
    var cls = (el.getAttribute("class") || "").trim();
    if (cls) d += "." + cls.split(/\s+/).slice(0, 2).join(".");
    var what = el.getAttribute("src") || el.getAttribute("data") || el.getAttribute("alt");
    if (!what) {
      var text = (el.textContent || "").replace(/\s+/g, " ").trim();
      var tex = el.closest(".MathJax_SVG_Display") || el.closest(".MathJax_SVG");
      var script = tex && tex.nextElementSibling;
      if (script && /math\/tex/.test(script.type || ""))
        text = "formula " + script.textContent.replace(/\s+/g, " ").trim();
      what = text.slice(0, 70);
    }
    return what ? d + " (" + what + ")" : d;
  }
  function scrolls(el) {
    var s = getComputedStyle(el);
    return (s.overflowX === "auto" || s.overflowX === "scroll") && el.scrollWidth > el.clientWidth;
  }
  // An SVG figure (<object> or <img>) whose root has no viewBox does not scale: shown in a box
  // narrower than its width="..." it is cut off inside the box, which itself fits the column.
  function svgRoot(el) {
    try {
      if (el.tagName === "OBJECT" && el.contentDocument) return el.contentDocument.documentElement;
      var src = el.tagName === "IMG" ? el.getAttribute("src") : null;
      if (!src || !/\.svg(\?|#|$)/i.test(src)) return null;
      var req = new XMLHttpRequest();
      req.open("GET", src, false);
      req.send();
      return req.responseXML ? req.responseXML.documentElement : null;
    } catch (e) {
      return null;
    }
  }
  function croppedFigure(el, shown) {
    var svg = svgRoot(el);
    if (!svg || svg.nodeName.toLowerCase() !== "svg" || svg.getAttribute("viewBox")) return 0;
    var drawn = parseFloat(svg.getAttribute("width"));
    return drawn > shown + 1 ? drawn : 0;
  }
  function measure() {
    var col = document.querySelector("div.contents") || document.body;
    var cs = getComputedStyle(col);
    var box = col.getBoundingClientRect();
    var left = box.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft);
    var right = box.right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight);
    var report = {column: Math.round(right - left), overflows: [], cropped: []};
    var reported = [];
    var all = col.getElementsByTagName("*");
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      var skip = false;
      for (var a = el.parentElement; a && a !== col.parentElement; a = a.parentElement) {
        if (reported.indexOf(a) >= 0 || (a !== col && scrolls(a))) { skip = true; break; }
      }
      if (skip || getComputedStyle(el).visibility === "hidden") continue;
      var r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      var past = Math.max(r.right - right, left - r.left);
      if (past > 1) {
        reported.push(el);
        report.overflows.push({element: describe(el), width: Math.round(r.width),
                               past: Math.round(past)});
      } else if (el.tagName === "OBJECT" || el.tagName === "IMG") {
        var drawn = croppedFigure(el, r.width);
        if (drawn)
          report.cropped.push({element: describe(el), drawn: Math.round(drawn),
                               shown: Math.round(r.width)});
      }
    }
    var pre = document.createElement("pre");
    pre.id = "dl-layout-report";
    pre.style.display = "none";
    pre.textContent = JSON.stringify(report);
    document.body.appendChild(pre);
  }
  window.addEventListener("load", function () {
    if (window.MathJax && window.MathJax.Hub && window.MathJax.Hub.Queue)
      window.MathJax.Hub.Queue(measure);
    else
      measure();
  });
})();
