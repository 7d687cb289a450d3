// Live board: listens on the table's websocket. A new note is added from the message itself;
// any other change (and every change on a host's or facilitator's board, which carries the
// moderation forms) reloads the notes list. Until the socket is open (or when it cannot be),
// HTMX polls the notes every 3 seconds. A lost socket is opened again, for as long as the page
// stays open, and the notes are reloaded once it is: nothing posted meanwhile is missed.
// ``data-live`` on the board says which of the two keeps it up to date: "websocket" (once the
// notes are caught up on an open socket) or "polling". While a host has a note's editor open,
// reloads wait (they would wipe what is being typed) until it is closed or sent.
(function () {
  "use strict";

  var board = document.getElementById("lab-board");
  if (!board) {
    return;
  }
  board.dataset.live = "polling";
  if (!window.WebSocket) {
    return;
  }
  var notes = document.getElementById("lab-notes");
  var retries = 0;
  var retryTimer = null;
  var socket = null;
  var loading = null; // the notes request in flight
  var reloadAgain = false; // something changed while it was in flight
  var held = false; // a reload waits for the host to close the editor

  function editing() {
    return Boolean(board.dataset.moderates) && notes.querySelector("details[open]") !== null;
  }

  function showHeld(on) {
    held = on;
    var hint = document.querySelector("[data-lab-held]");
    if (hint) { hint.hidden = !on; }
  }

  // Reloads the notes; a change announced while a reload is in flight may be missing from its
  // answer, so another reload follows it.
  function refresh() {
    if (editing()) {
      showHeld(true);
      return Promise.resolve(null);
    }
    if (loading) {
      reloadAgain = true;
      return loading;
    }
    loading = fetch(board.dataset.notesUrl, {
      credentials: "same-origin",
      headers: { "HX-Request": "true" },
    })
      .then(function (response) {
        if (response.status === 403) { leave(); } // no longer seated here
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          notes.innerHTML = html;
          if (window.htmx) { window.htmx.process(notes); }
          checkRound();
        }
      })
      .catch(function () { return null; })
      .then(function () {
        loading = null;
        if (reloadAgain) {
          reloadAgain = false;
          return refresh();
        }
        return null;
      });
    return loading;
  }

  // The round moved on (perhaps while the connection was lost): the participant's next table.
  function leave() {
    window.location.assign(board.dataset.afterRoundUrl);
  }

  function checkRound() {
    var marker = notes.querySelector("[data-notes-round]");
    if (marker && marker.dataset.notesRound !== board.dataset.round) { leave(); }
  }

  // Shows a note the board does not have yet, if it goes at the end of the list (not starred,
  // not removed, this round's); returns false when the list must be reloaded instead.
  function addNote(note) {
    if (loading) { return false; }
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
    board.dataset.live = "polling";
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
      leave();
      return;
    }
    var message = document.querySelector("[data-lab-broadcast]");
    if (message) { message.textContent = lab.message || ""; }
    if (window.atelierLabTimer && lab.remaining !== null) { window.atelierLabTimer.update(lab); }
  }

  // Waits longer after each failed try (2, 4, 6 … seconds, then every 30 seconds).
  function retryLater() {
    if (retryTimer !== null) { return; }
    retries += 1;
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      connect();
    }, Math.min(2000 * retries, 30000));
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var opened;
    try {
      opened = new WebSocket(scheme + window.location.host + board.dataset.wsPath);
    } catch (error) {
      startPolling();
      retryLater();
      return;
    }
    socket = opened;
    opened.addEventListener("open", function () {
      retries = 0;
      stopPolling();
      // Whatever changed while the socket was closed; live once the board has caught up.
      refresh().then(function () {
        if (socket === opened && opened.readyState === WebSocket.OPEN) {
          board.dataset.live = "websocket";
        }
      });
    });
    opened.addEventListener("message", function (event) {
      var data = JSON.parse(event.data);
      if (data.kind === "note" && !addNote(data.note)) { refresh(); }
      if (data.kind === "lab") { onLab(data.lab); }
    });
    opened.addEventListener("close", function () {
      if (socket !== opened) { return; }
      socket = null;
      startPolling();
      retryLater();
    });
  }

  // A poll waits too while the host edits.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (event.detail.target === notes && source && source.id === "lab-notes-poll" && editing()) {
      event.detail.shouldSwap = false;
      showHeld(true);
    }
  });

  // Closing the editor shows what changed meanwhile.
  notes.addEventListener("toggle", function () {
    if (held && !editing()) {
      showHeld(false);
      refresh();
    }
  }, true);

  // The same checks for the notes HTMX swaps in (a poll, or a host's change: current either way).
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === notes) {
      if (held) { showHeld(false); }
      checkRound();
    }
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 403 &&
        event.detail.target === notes) {
      leave();
    }
  });

  // Back on the network: try at once rather than at the end of the current wait.
  window.addEventListener("online", function () {
    if (socket === null && retryTimer !== null) {
      window.clearTimeout(retryTimer);
      retryTimer = null;
      connect();
    }
  });

  connect();
})();
