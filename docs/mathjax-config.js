// Doxygen 1.9.4 copies this file (MATHJAX_CODEFILE) into each page's MathJax set-up, after its
// own MathJax.Hub.Config call. addMMLclasses names each SVG group after its MathML element, so
// a formula TeX cannot parse carries the class mjx-svg-merror, which the browser check
// (check/check_site.py) looks for.
//
// linebreaks.automatic lets a display formula wider than the text column break at an operator or
// a comma instead of running past the column (the browser check fails on any content wider than
// its column).
MathJax.Hub.Config({
  SVG: { addMMLclasses: true, font: "TeX", linebreaks: { automatic: true, width: "container" } },
  TeX: { equationNumbers: { autoNumber: "none" } }
});
