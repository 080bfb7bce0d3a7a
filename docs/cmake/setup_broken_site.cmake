# Makes the folder the checker's own tests serve: the crafted pages of docs/check/broken plus
# the same MathJax 2 the site uses (linked, not copied), so a broken formula fails the way it
# would on the real site.
file(REMOVE_RECURSE ${DST})
file(COPY ${SRC}/ DESTINATION ${DST})
file(CREATE_LINK ${MATHJAX_DIR} ${DST}/mathjax SYMBOLIC)
