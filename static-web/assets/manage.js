// The moderation console: the comment queue, entries and the discussion rules.
// The moderator's own secret lives in sessionStorage only: it leaves with the tab.
(function () {
  'use strict';

  const Hub = window.Hub;
  const keyName = 'hub.moderatorSecret';
  const status = document.getElementById('console-status');
  const keyForm = document.getElementById('key-form');
  const consoleArea = document.getElementById('console');

  /** What a moderator can do with a comment in each queue: [label, target status or 'delete']. */
  const actions = {
    pending: [['Approve', 'approved'], ['Spam', 'spam'], ['Trash', 'trash']],
    approved: [['Unapprove', 'pending'], ['Spam', 'spam'], ['Trash', 'trash']],
    spam: [['Not spam', 'restore'], ['Delete permanently', 'delete']],
    trash: [['Restore', 'restore'], ['Delete permanently', 'delete']],
  };

  let queueStatus = 'pending';
  let queueCursor = null;
  let entriesCursor = null;
  let editingETag = null;

  function key() {
    return sessionStorage.getItem(keyName) || '';
  }

  /** Calls a manage route as the signed-in moderator (Authorization: Moderator <secret>). */
  async function manage(path, options) {
    const request = Object.assign({}, options || {});
    request.headers = Object.assign({ Authorization: 'Moderator ' + key() }, request.headers || {});
    const result = await Hub.api(path, request);
    if (result.status === 401) lock('Your secret was refused: it may have been replaced or revoked. Sign in again.');
    return result;
  }

  function report(result, success) {
    Hub.setStatus(status, result.ok ? success : Hub.problemText(result), result.ok ? 'ok' : 'problem');
  }

  // ------------------------------------------------------------------ key
  function lock(message) {
    sessionStorage.removeItem(keyName);
    consoleArea.hidden = true;
    keyForm.hidden = false;
    document.getElementById('key-error').textContent = message || '';
    document.getElementById('key').focus();
  }

  async function unlock() {
    const me = await Hub.api('/api/manage/me', { headers: { Authorization: 'Moderator ' + key() } });
    if (!me.ok) {
      lock(me.status === 401 ? 'That secret was refused.' : Hub.problemText(me));
      return;
    }
    keyForm.hidden = true;
    consoleArea.hidden = false;
    document.getElementById('signed-in-as').textContent = 'Signed in as ' + me.body.name;
    await refreshCounts();
    await loadQueue(true);
  }

  keyForm.addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(keyName, document.getElementById('key').value.trim());
    document.getElementById('key').value = '';
    unlock();
  });
  document.getElementById('lock').addEventListener('click', () => lock(''));

  // ------------------------------------------------------------- sections
  for (const button of document.querySelectorAll('[data-section]')) {
    button.addEventListener('click', () => {
      for (const other of document.querySelectorAll('[data-section]')) {
        const chosen = other === button;
        other.setAttribute('aria-pressed', String(chosen));
        document.getElementById(other.dataset.section + '-section').hidden = !chosen;
      }
      Hub.setStatus(status, '');
      if (button.dataset.section === 'entries') loadEntries(true);
      if (button.dataset.section === 'settings') loadSettings();
    });
  }

  // -------------------------------------------------------------- comments
  const queue = document.getElementById('queue');
  const bulkAction = document.getElementById('bulk-action');

  function showCounts(counts) {
    for (const [name, value] of Object.entries(counts)) {
      const slot = document.querySelector('[data-count="' + name + '"]');
      if (slot) slot.textContent = String(value);
    }
  }

  async function refreshCounts() {
    const counts = await manage('/api/manage/comments/counts');
    if (counts.ok) showCounts(counts.body);
  }

  function queueItem(comment) {
    const author = Hub.httpUrl(comment.authorUrl);
    const item = Hub.el('li', { 'data-entry': comment.entryId, 'data-id': comment.id, 'data-etag': comment.etag, 'data-previous': comment.previousStatus || 'pending' },
      Hub.el('label', { class: 'pick' }, Hub.el('input', { type: 'checkbox', class: 'pick-box' }), comment.authorName || 'Anonymous'),
      Hub.el('p', { class: 'meta' },
        [comment.signedInWith && 'signed in with ' + comment.signedInWith, comment.authorEmail].filter(Boolean).join(' · ') || 'no email', author ? [' · ', Hub.el('a', { href: author, rel: 'nofollow ugc noopener noreferrer' }, author)] : null,
        ' · on ', Hub.el('a', { href: '/entries/' + encodeURIComponent(comment.entryId) + '/' }, comment.entryTitle || comment.entryId),
        ' · ', Hub.formatDate(comment.createdAt)),
      Hub.el('p', { class: 'content' }, comment.content),
      Hub.el('p', { class: 'meta' }, 'Held because: ' + (comment.heldBecause || '—')),
      Hub.el('p', { class: 'actions' }, actions[comment.status].map(([label, target]) =>
        Hub.el('button', { type: 'button', class: target === 'delete' ? 'secondary' : null, onclick: () => act([item], target) }, label))));
    return item;
  }

  async function loadQueue(reset) {
    if (reset) {
      queue.replaceChildren();
      queueCursor = null;
      document.getElementById('select-all').checked = false;
      bulkAction.replaceChildren(...actions[queueStatus].map(([label, target]) => Hub.el('option', { value: target }, label)));
    }
    const params = new URLSearchParams({ status: queueStatus, limit: '50' });
    if (queueCursor) params.set('cursor', queueCursor);
    const result = await manage('/api/manage/comments?' + params);
    if (!result.ok) {
      report(result, '');
      return;
    }
    queue.append(...result.body.items.map(queueItem));
    queueCursor = result.body.nextCursor;
    document.getElementById('queue-more').hidden = !queueCursor;
    document.getElementById('queue-empty').hidden = queue.childElementCount > 0;
  }

  /** Applies one action to the given queue items: a bulk status change, or permanent deletion one by one. */
  async function act(items, target) {
    if (!items.length) {
      Hub.setStatus(status, 'Select at least one comment first.', 'problem');
      return;
    }
    let failed = 0;
    if (target === 'delete') {
      for (const item of items) {
        const result = await manage('/api/manage/comments/' + encodeURIComponent(item.dataset.entry) + '/' + encodeURIComponent(item.dataset.id),
          { method: 'DELETE', headers: { 'If-Match': item.dataset.etag } });
        if (result.ok) item.remove(); else failed++;
      }
    } else {
      const byTarget = new Map();
      for (const item of items) {
        const next = target === 'restore' ? item.dataset.previous : target;
        if (!byTarget.has(next)) byTarget.set(next, []);
        byTarget.get(next).push(item);
      }
      for (const [next, group] of byTarget) {
        const body = { status: next, comments: group.map((item) => ({ entryId: item.dataset.entry, commentId: item.dataset.id, etag: item.dataset.etag })) };
        const result = await manage('/api/manage/comments/bulk', Hub.json('POST', body));
        if (!result.ok) {
          report(result, '');
          return;
        }
        result.body.results.forEach((outcome, index) => {
          if (outcome.status === 200) group[index].remove(); else failed++;
        });
      }
    }
    document.getElementById('queue-empty').hidden = queue.childElementCount > 0;
    Hub.setStatus(status, failed
      ? failed + ' could not be changed: another moderator changed them first. The list has been reloaded.'
      : 'Done.', failed ? 'problem' : 'ok');
    if (failed) await loadQueue(true);
    await refreshCounts();
  }

  for (const button of document.querySelectorAll('[data-status]')) {
    button.addEventListener('click', () => {
      queueStatus = button.dataset.status;
      for (const other of document.querySelectorAll('[data-status]')) other.setAttribute('aria-pressed', String(other === button));
      loadQueue(true);
    });
  }
  document.getElementById('select-all').addEventListener('change', (event) => {
    for (const box of queue.querySelectorAll('.pick-box')) box.checked = event.target.checked;
  });
  document.getElementById('bulk-apply').addEventListener('click', () =>
    act([...queue.querySelectorAll('.pick-box:checked')].map((box) => box.closest('li')), bulkAction.value));
  document.getElementById('queue-more').addEventListener('click', () => loadQueue(false));

  // --------------------------------------------------------------- entries
  const entryForm = document.getElementById('entry-form');
  const entryList = document.getElementById('entry-list');

  function resetEntryForm() {
    entryForm.reset();
    showBodyTab('write');
    rendered.replaceChildren();
    editingETag = null;
    entryForm.elements.id.readOnly = false;
    document.getElementById('entry-form-title').textContent = 'New entry';
    Hub.showFieldErrors(entryForm, {});
  }

  async function editEntry(id) {
    // Revalidated, never from the browser's cache: an entry saved a moment ago must open as saved, with its new etag.
    const result = await Hub.api('/api/resources/' + encodeURIComponent(id), { cache: 'no-cache' });
    if (!result.ok) {
      report(result, '');
      return;
    }
    const entry = result.body;
    resetEntryForm();
    // From the body: a cross-origin answer's ETag header is hidden from the page.
    editingETag = entry.etag || null;
    for (const name of ['id', 'title', 'summary', 'body', 'url', 'source', 'publishedOn', 'category']) entryForm.elements[name].value = entry[name] || '';
    entryForm.elements.tags.value = (entry.tags || []).join(', ');
    entryForm.elements.featured.checked = !!entry.featured;
    entryForm.elements.id.readOnly = true;
    document.getElementById('entry-form-title').textContent = 'Edit “' + entry.title + '”';
    entryForm.elements.title.focus();
  }

  async function removeEntry(id, item) {
    if (!window.confirm('Remove this entry for good?')) return;
    const result = await manage('/api/manage/resources/' + encodeURIComponent(id), { method: 'DELETE' });
    if (result.ok) item.remove();
    report(result, 'Entry removed.');
  }

  async function loadEntries(reset) {
    if (reset) {
      entryList.replaceChildren();
      entriesCursor = null;
    }
    const params = new URLSearchParams({ limit: '100' });
    if (entriesCursor) params.set('cursor', entriesCursor);
    const result = await Hub.api('/api/resources?' + params);
    if (!result.ok) {
      report(result, '');
      return;
    }
    entryList.append(...result.body.items.map((entry) => {
      const item = Hub.el('li', null,
        Hub.el('a', { href: '/entries/' + encodeURIComponent(entry.id) + '/' }, entry.title),
        Hub.el('span', { class: 'actions' },
          Hub.el('button', { type: 'button', class: 'secondary', 'aria-label': 'Edit ' + entry.title, onclick: () => editEntry(entry.id) }, 'Edit'),
          Hub.el('button', { type: 'button', class: 'secondary', 'aria-label': 'Remove ' + entry.title, onclick: () => removeEntry(entry.id, item) }, 'Remove')));
      return item;
    }));
    entriesCursor = result.body.nextCursor;
    document.getElementById('entries-more').hidden = !entriesCursor;
  }

  entryForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = entryForm.elements;
    const id = form.id.value.trim();
    const draft = {
      title: form.title.value,
      summary: form.summary.value,
      // Markdown keeps its leading spaces; an empty text is left out, and the entry has no body.
      body: form.body.value.trim() ? form.body.value : null,
      url: form.url.value.trim() || null,
      source: form.source.value.trim() || null,
      publishedOn: form.publishedOn.value || null,
      category: form.category.value.trim() || null,
      tags: form.tags.value.split(',').map((tag) => tag.trim()).filter(Boolean),
      featured: form.featured.checked,
    };
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
      Hub.showFieldErrors(entryForm, { id: ['Use lowercase letters, digits and single hyphens.'] });
      return;
    }
    const headers = editingETag ? { 'If-Match': editingETag } : {};
    const result = await manage('/api/manage/resources/' + encodeURIComponent(id), Hub.json('PUT', draft, headers));
    if (result.body && result.body.errors && result.body.errors.body) showBodyTab('write'); // so the text can take the focus
    if (!Hub.showFieldErrors(entryForm, result.body && result.body.errors) || result.ok) {
      report(result, result.status === 201 ? 'Entry created.' : 'Entry saved.');
    }
    if (result.ok) {
      resetEntryForm();
      await loadEntries(true);
    }
  });
  document.getElementById('entry-reset').addEventListener('click', resetEntryForm);

  // The body's Write and Preview tabs. The preview is rendered by the API with the pages' own
  // Markdown pipeline (one renderer, and none in this page), then parsed inert and moved in.
  const bodyTabs = [document.getElementById('entry-body-write-tab'), document.getElementById('entry-body-preview-tab')];
  const rendered = document.getElementById('entry-body-rendered');
  let previewRun = 0;

  function showBodyTab(name) {
    for (const tab of bodyTabs) {
      const chosen = tab.id === 'entry-body-' + name + '-tab';
      tab.setAttribute('aria-selected', String(chosen));
      tab.tabIndex = chosen ? 0 : -1;
      document.getElementById(tab.getAttribute('aria-controls')).hidden = !chosen;
    }
  }

  /** The server's safe HTML as nodes (Hub.markup: inert, nothing runs or loads). */
  function serverHtml(html) {
    const parsed = Hub.markup(html);
    // A link followed from the preview opens beside the console, so the text being written is not lost.
    for (const link of parsed.querySelectorAll('a[href]')) link.target = '_blank';
    // A code block wider than the preview scrolls: the keyboard must be able to reach it.
    for (const code of parsed.querySelectorAll('pre')) code.tabIndex = 0;
    return [...parsed.childNodes];
  }

  async function previewBody() {
    showBodyTab('preview');
    const run = ++previewRun;
    const markdown = entryForm.elements.body.value;
    if (!markdown.trim()) {
      rendered.replaceChildren(Hub.el('p', { class: 'meta' }, 'Nothing to preview yet: write the text first.'));
      return;
    }
    rendered.setAttribute('aria-busy', 'true');
    rendered.replaceChildren(Hub.el('p', { class: 'meta' }, 'Rendering the preview…'));
    const result = await manage('/api/manage/preview', Hub.json('POST', { markdown, kind: 'entry' }));
    if (run !== previewRun) return; // a newer preview was asked for meanwhile
    rendered.removeAttribute('aria-busy');
    if (result.ok) {
      rendered.replaceChildren(...serverHtml(result.body.html));
    } else {
      const errors = result.body && result.body.errors;
      rendered.replaceChildren(Hub.el('p', { class: 'error' },
        errors && errors.markdown ? 'No preview: the text ' + errors.markdown.join('; ') + '.' : Hub.problemText(result)));
    }
  }

  for (const tab of bodyTabs) {
    tab.addEventListener('click', () => (tab === bodyTabs[1] ? previewBody() : showBodyTab('write')));
    // Tabs as ARIA describes them: the arrow keys, Home and End move between them.
    tab.addEventListener('keydown', (event) => {
      const index = bodyTabs.indexOf(tab);
      const last = bodyTabs.length - 1;
      const target = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
      if (target === undefined) return;
      event.preventDefault();
      if (target === index) return;
      bodyTabs[target].focus();
      bodyTabs[target].click();
    });
  }
  document.getElementById('entries-more').addEventListener('click', () => loadEntries(false));

  // -------------------------------------------------------------- settings
  const settingsForm = document.getElementById('settings-form');

  async function loadSettings() {
    const result = await manage('/api/manage/settings');
    if (!result.ok) {
      report(result, '');
      return;
    }
    for (const [name, value] of Object.entries(result.body)) {
      const input = settingsForm.elements[name];
      if (!input) continue;
      if (input.type === 'checkbox') input.checked = !!value; else input.value = value;
    }
    await loadNotificationStatus();
    await loadFollowUpStatus();
  }

  // What follows each change (queue, counts, audit, pages) is done by the function app within
  // seconds; messages that failed five times wait in the poison queue for someone to look.
  async function loadFollowUpStatus() {
    const line = document.getElementById('follow-up-status');
    const result = await manage('/api/manage/follow-ups');
    if (!result.ok) { line.textContent = ''; return; }
    const s = result.body;
    line.textContent = (s.queued ? 'About ' + s.queued + ' follow-up messages queued: changes still being followed up (queue, counts, pages).' : 'Every change is followed up.')
      + (s.poisoned ? ' ' + s.poisoned + ' follow-up messages failed five times: see hub follow-ups status and the logs.' : '');
  }

  async function loadNotificationStatus() {
    const line = document.getElementById('notify-status');
    const result = await manage('/api/manage/notifications');
    if (!result.ok) { line.textContent = ''; return; }
    const s = result.body;
    const when = (at) => new Date(at).toLocaleString();
    line.textContent = !s.configured ? 'Nobody is told yet.'
      : [s.lastSentAt ? 'Last sent ' + when(s.lastSentAt) + '.' : 'Nothing sent yet.',
         s.waiting ? s.waiting + ' waiting to be sent.' : '',
         s.lastFailureAt ? 'Last failure ' + when(s.lastFailureAt) + ': ' + s.lastFailure + '.' : '',
         s.givenUp ? s.givenUp + ' given up after repeated failures.' : ''].filter(Boolean).join(' ');
  }

  settingsForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const settings = {};
    for (const input of settingsForm.querySelectorAll('[name]')) {
      settings[input.name] = input.type === 'checkbox' ? input.checked : input.type === 'number' ? Number(input.value) : input.value;
    }
    const result = await manage('/api/manage/settings', Hub.json('PUT', settings));
    Hub.showFieldErrors(settingsForm, result.body && result.body.errors);
    report(result, 'Settings saved.');
  });

  if (key()) unlock(); else keyForm.hidden = false;
})();
