# dl_copy_mathjax(<MathJax 2 folder> <destination>): copies what the pages load (MathJax.js,
# config, extensions, fonts, jax, localization), leaving out the unpacked sources and tests.
function(dl_copy_mathjax src dst)
  if(EXISTS ${dst}/MathJax.js)
    return()
  endif()
  file(MAKE_DIRECTORY ${dst})
  file(COPY ${src}/MathJax.js DESTINATION ${dst} FOLLOW_SYMLINK_CHAIN)
  foreach(sub config extensions fonts jax localization)
    if(EXISTS ${src}/${sub})
      file(COPY ${src}/${sub} DESTINATION ${dst})
    endif()
  endforeach()
endfunction()
