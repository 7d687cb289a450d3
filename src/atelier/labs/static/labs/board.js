// Live board: listens on the table's websocket. A new note is added from the message itself;
// any other change (and every change on a host's or facilitator's board, which carries the
// moderation forms) reloads the notes list. Until the socket is open (or when it cannot be),
// HTMX polls the notes every 3 seconds.
(function () {
  "use strict";

  var board = document.getElementById("lab-board");
  if (!board || !window.WebSocket) {
    return;
  }
  var notes = document.getElementById("lab-notes");
  var retries = 0;

  function refresh() {
    fetch(board.dataset.notesUrl, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null) {
          notes.innerHTML = html;
          if (window.htmx) { window.htmx.process(notes); }
        }
      });
  }

  // Shows a note the board does not have yet, if it goes at the end of the list (not starred,
  // not removed, this round's); returns false when the list must be reloaded instead.
  function addNote(note) {
    var shown = document.getElementById("note-" + note.id);
    if (shown) { return shown.dataset.version === String(note.version); }
    if (board.dataset.moderates || note.starred || note.deleted || note.merged_into ||
        String(note.round) !== board.dataset.round) {
      return false;
    }
    var list = notes.querySelector("ul.lab-notes");
    if (!list) {
      var empty = notes.querySelector(".empty");
      if (empty) { empty.remove(); }
      list = document.createElement("ul");
      list.className = "lab-notes";
      notes.appendChild(list);
    }
    var item = document.createElement("li");
    item.className = "lab-note";
    item.id = "note-" + note.id;
    item.dataset.version = String(note.version);
    var text = document.createElement("p");
    text.textContent = note.text;
    item.appendChild(text);
    if (note.author) {
      var author = document.createElement("p");
      author.className = "meta";
      author.textContent = note.author;
      item.appendChild(author);
    }
    list.appendChild(item);
    return true;
  }

  function stopPolling() {
    var poll = document.getElementById("lab-notes-poll");
    if (poll && poll.hasAttribute("hx-get")) {
      var quiet = document.createElement("div");
      quiet.id = "lab-notes-poll";
      poll.replaceWith(quiet);
    }
  }

  function startPolling() {
    var poll = document.getElementById("lab-notes-poll");
    if (poll && !poll.hasAttribute("hx-get")) {
      poll.setAttribute("hx-get", board.dataset.notesUrl);
      poll.setAttribute("hx-trigger", "every 3s");
      poll.setAttribute("hx-target", "#lab-notes");
      poll.setAttribute("hx-swap", "innerHTML");
      if (window.htmx) { window.htmx.process(poll); }
    }
  }

  function onLab(lab) {
    if (String(lab.round || "") !== board.dataset.round) {
      window.location.assign(board.dataset.afterRoundUrl);
      return;
    }
    var message = document.querySelector("[data-lab-broadcast]");
    if (message) { message.textContent = lab.message || ""; }
    if (window.atelierLabTimer && lab.remaining !== null) { window.atelierLabTimer.update(lab); }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try {
      socket = new WebSocket(scheme + window.location.host + board.dataset.wsPath);
    } catch (error) {
      startPolling();
      return;
    }
    socket.addEventListener("open", function () {
      retries = 0;
      stopPolling();
      refresh(); // whatever changed while the socket was closed
    });
    socket.addEventListener("message", function (event) {
      var data = JSON.parse(event.data);
      if (data.kind === "note" && !addNote(data.note)) { refresh(); }
      if (data.kind === "lab") { onLab(data.lab); }
    });
    socket.addEventListener("close", function () {
      startPolling();
      retries += 1;
      if (retries <= 5) { window.setTimeout(connect, 2000 * retries); }
    });
  }

  connect();
})();
