// Doxygen 1.9.4 copies this file (MATHJAX_CODEFILE) into each page's MathJax set-up, after its
// own MathJax.Hub.Config call. addMMLclasses names each SVG group after its MathML element, so
// a formula TeX cannot parse carries the class mjx-svg-merror, which the browser check
// (check/check_site.py) looks for.
MathJax.Hub.Config({
  SVG: { addMMLclasses: true, font: "TeX" },
  TeX: { equationNumbers: { autoNumber: "none" } }
});
