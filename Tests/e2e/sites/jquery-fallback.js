/* Used only when Debian's libjs-jquery (/usr/share/javascript/jquery/jquery.min.js) is missing: a jQuery-like
   global ($ and jQuery with ready, text and fn.jquery), enough to show the widget ignores it. */
(function (w) {
  function Q(sel) { this.els = typeof sel === 'string' ? Array.prototype.slice.call(document.querySelectorAll(sel)) : []; }
  Q.prototype.text = function (t) { this.els.forEach(function (e) { e.textContent = t; }); return this; };
  function $(a) { if (typeof a === 'function') { document.addEventListener('DOMContentLoaded', function () { a($); }); return; } return new Q(a); }
  $.fn = Q.prototype; $.fn.jquery = 'fallback';
  w.jQuery = w.$ = $;
})(window);
