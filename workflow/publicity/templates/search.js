// Client-side search over window.CASEWORK_DECISIONS (search-data.js); no server needed.
// Results are built with textContent: no value from the data is ever parsed as markup.
(function () {
  var rows = window.CASEWORK_DECISIONS || [];
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("count");
  function text(row) {
    return [row.document, row.party, row.township_name, row.matter, row.facts, row.decided_on]
      .filter(Boolean).join(" ");
  }
  function show() {
    var words = input.value.trim().split(/\s+/).filter(Boolean);
    list.textContent = "";
    var found = rows.filter(function (row) {
      var t = text(row);
      return words.every(function (w) { return t.indexOf(w) >= 0; });
    });
    count.textContent = words.length ? "找到 " + found.length + " 件" : "共 " + rows.length + " 件";
    found.forEach(function (row) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = row.url;
      a.textContent = row.document;
      li.appendChild(a);
      var tail = row.withdrawn ? " 已撤回" : " " + row.party + " · " + row.matter + " · " + row.decided_on;
      li.appendChild(document.createTextNode(tail));
      list.appendChild(li);
    });
  }
  input.addEventListener("input", show);
  var start = new URLSearchParams(window.location.search).get("q");
  if (start) { input.value = start; }
  show();
})();
