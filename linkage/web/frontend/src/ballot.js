// The online ballot page: encrypt the choice in the browser, then cast it or audit it
// (audit: open the ciphertext with its revealed nonces, show what it encrypts, encrypt again).
// The server receives only the encrypted ballot, or an audited ballot that can never be cast.
// The encryption is the core's dist/evote.js, loaded before this script (window.kazasuEvote).

const form = document.getElementById("ballot-form");

function show(id, visible) {
  document.getElementById(id).hidden = !visible;
}

function fail(message) {
  const box = document.getElementById("ballot-error");
  box.querySelector("p").textContent = message;
  box.hidden = false;
}

function choicesOf() {
  const choices = {};
  for (const fieldset of form.querySelectorAll("fieldset[data-contest]")) {
    const marked = [...fieldset.querySelectorAll("input:checked")].map((i) => i.value);
    if (marked.length > Number(fieldset.dataset.choices)) {
      fieldset.classList.add("invalid");
      throw new Error(form.dataset.tTooMany);
    }
    fieldset.classList.remove("invalid");
    choices[fieldset.dataset.contest] = marked;
  }
  return choices;
}

async function post(path, fields) {
  const body = new URLSearchParams({ csrf_token: form.dataset.csrf, ...fields });
  const answer = await fetch(path, { method: "POST", body, credentials: "same-origin" });
  const json = await answer.json().catch(() => ({}));
  if (!answer.ok) throw new Error(json.title || form.dataset.tFailed);
  return json;
}

function names(contestId, ids) {
  const fieldset = form.querySelector(`fieldset[data-contest="${CSS.escape(contestId)}"]`);
  const label = fieldset.querySelector("legend").textContent;
  const chosen = ids.map((id) => fieldset.querySelector(`input[value="${CSS.escape(id)}"]`).dataset.name);
  return `${label}: ${chosen.length ? chosen.join("、") : form.dataset.tBlank}`;
}

if (form) {
  const evote = window.kazasuEvote;
  const context = JSON.parse(document.getElementById("election-context").textContent);
  const base = `/my/ballot/${encodeURIComponent(form.dataset.election)}`;
  let sealed = null;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    document.getElementById("ballot-error").hidden = true;
    try {
      sealed = { ...evote.encryptBallot(context, choicesOf()), choices: choicesOf() };
    } catch (error) {
      fail(error.message);
      return;
    }
    document.getElementById("ballot-code").textContent = sealed.ballot.code;
    for (const input of form.elements) input.disabled = true;
    show("encrypted", true);
    document.getElementById("cast").focus();
  });

  document.getElementById("cast").addEventListener("click", async () => {
    const button = document.getElementById("cast");
    button.disabled = true;
    try {
      const done = await post(`${base}/cast`, { ballot: JSON.stringify(sealed.ballot) });
      // The tracker this page computed from the ballot itself, not the box's word for it: the
      // voter looks for this one on the board.
      const tracker = evote.trackerOf(context, sealed.ballot.code);
      sealed = null;
      document.getElementById("tracker").textContent = tracker;
      const board = `/board/${encodeURIComponent(form.dataset.election)}`;
      document.getElementById("board-link").href = `${board}?tracker=${tracker}`;
      show("replaced", done.replaced_earlier);
      show("encrypted", false);
      show("cast-done", true);
    } catch (error) {
      button.disabled = false;
      fail(error.message);
    }
  });

  document.getElementById("audit").addEventListener("click", async () => {
    try {
      // Opened here first: the page shows what the ciphertext holds whatever the server says.
      const opened = evote.verifyAudit(context, sealed.ballot, sealed.audit);
      await post(`${base}/audit`, {
        ballot: JSON.stringify(sealed.ballot),
        opened: JSON.stringify(sealed.audit),
      });
      document.getElementById("audit-result").textContent = form.dataset.tAuditOk;
      const list = document.getElementById("audit-choices");
      list.replaceChildren(
        ...Object.keys(opened).map((contest) => {
          const ids = opened[contest];
          const item = document.createElement("li");
          item.textContent = names(contest, ids);
          item.dataset.contest = contest;
          item.dataset.chosen = ids.join(",");
          return item;
        }),
      );
      document.getElementById("audit-nonces").textContent = JSON.stringify(sealed.audit, null, 1);
      sealed = null;
      show("encrypted", false);
      show("audited", true);
    } catch (error) {
      fail(error.message);
    }
  });

  document.getElementById("again").addEventListener("click", () => {
    for (const input of form.elements) input.disabled = false;
    show("audited", false);
    form.querySelector("#encrypt").focus();
  });
}
