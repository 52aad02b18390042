// Shows "Montant de la gratification" only when the internship is paid.
document.addEventListener("DOMContentLoaded", function () {
  var choice = document.getElementById("f-stage_gratification");
  var row = document.getElementById("row-stage_montant");
  if (!choice || !row) return;
  var sync = function () { row.hidden = choice.value !== "Oui"; };
  choice.addEventListener("change", sync);
  sync();
});
