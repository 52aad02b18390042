// The activation page's strength meter: the same rule as activation/policy.rs.
(function () {
  var labels = ["Très faible", "Faible", "Moyen", "Fort", "Très fort"];
  function kinds(p) {
    return [/[a-z]/, /[A-Z]/, /[0-9]/, /[!-\/:-@\[-`{-~]/].filter(function (r) { return r.test(p); }).length;
  }
  function strength(p) {
    var len = Array.from(p).length, score = kinds(p);
    if (len >= 8) score += 1;
    if (len >= 12) score += 1;
    if (len < 6) score = Math.min(score, 1);
    return Math.min(Math.max(score - 1, 0), 4);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("password");
    var out = document.getElementById("strength");
    var box = out && out.parentNode;
    if (!input || !out) return;
    input.addEventListener("input", function () {
      var level = strength(input.value);
      out.textContent = labels[level];
      box.setAttribute("data-level", String(level));
    });
  });
})();
