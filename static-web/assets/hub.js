// The Hub's reader pages (home and entry) and the helpers the console shares.
// No framework and no build step: one file, so a page costs one script request.
// Every piece of user text goes into the page with textContent, never as HTML; the one exception
// is Markdown the API has rendered with the pipeline the pages are rendered with (Hub.markup).
(function () {
  'use strict';

  const Hub = {};
  let configPromise;

  /**
   * The API's base URL (empty means this site's own origin). A rendered page names it on its body
   * (data-api), so it costs no request; the console's static page reads config.json.
   */
  Hub.config = function () {
    const named = document.body.dataset.api;
    configPromise = configPromise || (named !== undefined
      ? Promise.resolve({ apiBase: named })
      : fetch('/config.json', { cache: 'no-cache' })
        .then((response) => (response.ok ? response.json() : {}))
        .catch(() => ({})))
      .then((config) => ({ apiBase: String(config.apiBase || '').replace(/\/+$/, '') }));
    return configPromise;
  };

  /** Calls the API; resolves to { status, ok, body, headers } and never throws on an HTTP error. */
  Hub.api = async function (path, options) {
    const { apiBase } = await Hub.config();
    let response;
    try {
      response = await fetch(apiBase + path, options);
    } catch {
      return { status: 0, ok: false, body: { title: 'The hub could not be reached. Check your connection and try again.' }, headers: new Headers() };
    }
    const type = response.headers.get('content-type') || '';
    const body = type.includes('json') ? await response.json().catch(() => null) : null;
    return { status: response.status, ok: response.ok, body, headers: response.headers };
  };

  Hub.json = function (method, value, headers) {
    return { method, headers: Object.assign({ 'Content-Type': 'application/json' }, headers || {}), body: JSON.stringify(value) };
  };

  /** Builds an element. Children that are not nodes become text nodes: user text can never become markup. */
  Hub.el = function (tag, props, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') element.className = value;
      else if (key === 'text') element.textContent = value;
      else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
      else element.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  };

  /** The URL if it is absolute http or https, otherwise null: no javascript:, data: or relative links. */
  Hub.httpUrl = function (text) {
    try {
      const url = new URL(String(text));
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  };

  /**
   * HTML the API rendered from Markdown (a comment's `html`, the console's preview): the same
   * safe rendering the pages carry. Parsed in an inert template, so nothing in it runs.
   */
  Hub.markup = function (html) {
    const template = document.createElement('template');
    template.innerHTML = String(html);
    return template.content;
  };

  Hub.formatDate = function (value) {
    if (!value) return '';
    const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(value + 'T00:00:00Z') : new Date(value);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  };

  Hub.setStatus = function (element, message, kind) {
    element.textContent = message || '';
    element.classList.toggle('ok', kind === 'ok');
    element.classList.toggle('problem', kind === 'problem');
  };

  /** The sentence to show for an API problem: its detail, else its title. */
  Hub.problemText = function (result) {
    const body = result.body || {};
    return body.detail || body.title || 'Something went wrong (' + result.status + '). Please try again.';
  };

  /** Shows the API's per-field errors beside the fields of a form; returns true when there were any. */
  Hub.showFieldErrors = function (form, errors) {
    let any = false;
    for (const input of form.querySelectorAll('[name]')) {
      const messages = errors && errors[input.name];
      const slot = form.querySelector('#' + input.id + '-error');
      if (slot) slot.textContent = messages ? messages.join('; ') : '';
      if (messages) {
        input.setAttribute('aria-invalid', 'true');
        if (!any) input.focus();
        any = true;
      } else {
        input.removeAttribute('aria-invalid');
      }
    }
    return any;
  };

  window.Hub = Hub;

  // ---------------------------------------------------------------- home page
  // The page arrives with the newest entries (and links to older pages) rendered; search and
  // the category and tag filters are live, through the API, and kept in the URL. The search runs
  // as the reader types, once they pause for searchPause ms (one request for a word typed at
  // speed, none for text that did not change); Enter searches at once. Without this script the
  // form goes to the results page the function app renders.
  const searchPause = 300;

  function homePage() {
    const list = document.getElementById('entries');
    const more = document.getElementById('more');
    const status = document.getElementById('status');
    const filters = document.getElementById('filters');
    const form = document.getElementById('search');
    const search = document.getElementById('q');
    let cursor = null;
    let pause = 0;
    // Each search is numbered: an answer to an earlier one that comes after a later one started is dropped.
    let searchNumber = 0;

    function query() {
      const params = new URLSearchParams(location.search);
      const kept = new URLSearchParams();
      for (const name of ['q', 'category', 'tag']) {
        const value = params.get(name);
        if (value) kept.set(name, value);
      }
      return kept;
    }

    function showFilters(params) {
      filters.replaceChildren();
      for (const name of ['category', 'tag']) {
        const value = params.get(name);
        if (!value) continue;
        const without = new URLSearchParams(params);
        without.delete(name);
        filters.append(Hub.el('span', { class: 'chip' }, name + ': ' + value + ' ',
          Hub.el('a', { href: '/' + (without.toString() ? '?' + without : ''), 'aria-label': 'Remove the ' + name + ' filter ' + value }, '×')));
      }
      filters.hidden = filters.childElementCount === 0;
    }

    /** Where the search matched: the API's snippet (escaped text with <mark> around the matches), kept to text and marks. */
    function snippet(html) {
      const parsed = new DOMParser().parseFromString(String(html), 'text/html').body;
      return Hub.el('p', { class: 'snippet' }, Array.from(parsed.childNodes, (node) =>
        (node.nodeName === 'MARK' ? Hub.el('mark', null, node.textContent) : node.textContent)));
    }

    function card(entry) {
      const labels = [];
      if (entry.category) {
        labels.push(Hub.el('a', { href: '/categories/' + encodeURIComponent(entry.category) + '/' }, entry.category));
      }
      for (const tag of entry.tags || []) labels.push(Hub.el('a', { href: '/tags/' + encodeURIComponent(tag) + '/' }, '#' + tag));
      const meta = [entry.source, Hub.formatDate(entry.publishedOn), entry.commentCount === 1 ? '1 comment' : entry.commentCount + ' comments'].filter(Boolean).join(' · ');
      return Hub.el('li', { class: 'entry-card' },
        Hub.el('article', null,
          Hub.el('h2', null, Hub.el('a', { href: '/entries/' + encodeURIComponent(entry.id) + '/' }, entry.title)),
          Hub.el('p', { class: 'meta' }, entry.featured ? [Hub.el('span', { class: 'badge' }, 'Featured'), ' '] : null, meta),
          Hub.el('p', null, entry.summary),
          entry.snippet ? snippet(entry.snippet) : null,
          labels.length ? Hub.el('p', { class: 'labels' }, labels) : null));
    }

    async function load(reset) {
      const params = query();
      const number = reset ? ++searchNumber : searchNumber;
      if (reset) {
        list.replaceChildren();
        cursor = null;
        showFilters(params);
      }
      params.set('limit', '20');
      more.disabled = true;
      Hub.setStatus(status, 'Loading…');
      // A text search reads a bounded slice of the entries per request, so a page may come back
      // short with a cursor to go on: keep reading (a few requests at most) until it is full.
      let shown = 0;
      for (let reads = 0; reads < 10; reads++) {
        if (cursor) params.set('cursor', cursor);
        const result = await Hub.api('/api/resources?' + params);
        if (number !== searchNumber) return;
        if (!result.ok) {
          more.disabled = false;
          Hub.setStatus(status, Hub.problemText(result), 'problem');
          return;
        }
        list.append(...result.body.items.map(card));
        shown += result.body.items.length;
        cursor = result.body.nextCursor;
        if (!cursor || shown >= 20) break;
      }
      more.disabled = false;
      more.hidden = !cursor;
      Hub.setStatus(status, list.childElementCount === 0 ? (cursor ? 'No matches yet: load more to search older entries.' : 'No entries match.') : '');
    }

    const rendered = Array.from(list.children);
    const pages = document.getElementById('pages');

    /** Shows the rendered newest entries when nothing is searched for, else asks the API; from the address, the field shows its words too. */
    function show(fromAddress) {
      const params = query();
      if (fromAddress) search.value = params.get('q') || '';
      const filtered = params.toString().length > 0;
      if (pages) pages.hidden = filtered;
      if (filtered) {
        load(true);
        return;
      }
      searchNumber++;
      list.replaceChildren(...rendered);
      showFilters(params);
      more.hidden = true;
      Hub.setStatus(status, '');
    }

    /** Searches for what the field holds, unless that is what the address already shows. */
    function searchField(addToHistory) {
      clearTimeout(pause);
      const params = query();
      const text = search.value.trim();
      if (text === (params.get('q') || '')) return;
      if (text) params.set('q', text); else params.delete('q');
      const address = '/' + (params.toString() ? '?' + params : '');
      if (addToHistory) history.pushState(null, '', address); else history.replaceState(null, '', address);
      show();
    }

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      searchField(true);
    });
    // While typing, the address is replaced rather than added to, so Back leaves the search whole;
    // the first letters typed on the unsearched list add one history entry.
    search.addEventListener('input', () => {
      clearTimeout(pause);
      pause = setTimeout(() => searchField(!query().has('q')), searchPause);
    });
    more.addEventListener('click', () => load(false));
    window.addEventListener('popstate', () => show(true));
    if (query().toString()) show(true);
  }

  // ------------------------------------------------------ commenter sign-in
  // A commenter may sign in with a provider instead of giving a name and email: the page arrives
  // with a link per provider. Nothing asks the API's sign-in routes or any provider for anything
  // until they click.
  // The API comes back to the page with the hub's own token in the address's fragment (which no
  // server sees); it is kept in this tab's sessionStorage and taken out of the address at once.
  const tokenKey = 'hub.commenterToken';
  const browserKey = 'hub.signInBrowser';

  /** sessionStorage, which may be off: then nothing is kept. A null value removes the key. */
  const session = {
    get(key) {
      try {
        return sessionStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value);
      } catch {
        // Storage is off: the commenter signs in again on the next page.
      }
    },
  };

  /** A commenter token's payload (name, idpName, exp), or null if it is not one or has expired. Read, not verified: the API verifies. */
  function readToken(token) {
    try {
      const bytes = Uint8Array.from(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      const claims = JSON.parse(new TextDecoder().decode(bytes));
      return typeof claims.name === 'string' && typeof claims.idpName === 'string' && claims.exp * 1000 > Date.now() ? claims : null;
    } catch {
      return null;
    }
  }

  /** The signed-in commenter ({ token, name, idpName }), or null; an expired token is dropped. */
  function commenter() {
    const token = session.get(tokenKey);
    const claims = token && readToken(token);
    if (token && !claims) session.set(tokenKey, null);
    return claims ? { token, name: claims.name, idpName: claims.idpName } : null;
  }

  /** 32 random base64url characters: ties a sign-in's answer to the tab that started it. */
  function randomValue() {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
  }

  /**
   * Takes a sign-in's answer (#signed-in=<token>&browser=<value>, or #sign-in-failed=<code>) out
   * of the address, keeping the token only if this tab started that sign-in (so a link carrying
   * someone else's token cannot sign a reader in as them). Returns what to tell the commenter, if anything.
   */
  function takeSignInAnswer() {
    const answer = new URLSearchParams(location.hash.slice(1));
    if (!answer.has('signed-in') && !answer.has('sign-in-failed')) return null;
    history.replaceState(history.state, '', location.pathname + location.search);
    const started = session.get(browserKey);
    session.set(browserKey, null);
    if (answer.has('sign-in-failed')) {
      return { kind: 'problem', message: 'Signing in did not work (' + answer.get('sign-in-failed') + '). You can try again, or comment with a name and email.' };
    }
    if (!started || answer.get('browser') !== started) {
      return { kind: 'problem', message: 'That sign-in was not started from this tab, so it was not used. Please sign in again.' };
    }
    if (!readToken(answer.get('signed-in'))) return { kind: 'problem', message: 'That sign-in has expired. Please sign in again.' };
    session.set(tokenKey, answer.get('signed-in'));
    return { kind: 'signed-in' };
  }

  /**
   * A rendered link to start signing in: when it is clicked it comes back to the page as the reader
   * has it (with its query), and carries the value that ties the answer to this tab, made and kept
   * only then.
   */
  function startOnClick(link) {
    const start = new URL(link.href);
    link.addEventListener('click', () => {
      const value = randomValue();
      session.set(browserKey, value);
      start.searchParams.set('returnTo', location.origin + location.pathname + location.search);
      start.searchParams.set('browser', value);
      link.href = start.href;
    });
  }

  // --------------------------------------------------------------- entry page
  // The page arrives complete from the static website (entry, approved comments, form). This
  // enhances it: the form posts with fetch, the visitor sees their own held comments (kept in
  // this browser only) and, while they have some, picks up approved comments newer than the page.
  function entryPage() {
    const id = document.body.dataset.entry || '';
    const discussion = document.getElementById('discussion');
    const list = document.getElementById('comments');
    const form = document.getElementById('comment-form');
    const formStatus = document.getElementById('form-status');
    const replying = document.getElementById('replying-to');
    const signIn = document.getElementById('sign-in');
    const identityInputs = [form.authorName, form.authorEmail];
    const identityRequired = identityInputs.map((input) => input.required);
    const offered = Array.from(signIn.childNodes);
    for (const link of signIn.querySelectorAll('a[data-provider]')) startOnClick(link);
    const pendingKey = 'hub.pending.' + id;
    const rules = {
      open: discussion.dataset.open === 'true',
      requireNameAndEmail: discussion.dataset.requireNameAndEmail === 'true',
      maxThreadDepth: Number(discussion.dataset.maxDepth) || 5,
      maxCommentLength: Number(discussion.dataset.maxLength) || 5000,
    };

    /** The visitor's own comments still awaiting moderation: kept in this browser only. */
    function ownPending() {
      try {
        return JSON.parse(localStorage.getItem(pendingKey) || '[]');
      } catch {
        return [];
      }
    }

    function saveOwnPending(items) {
      try {
        if (items.length) localStorage.setItem(pendingKey, JSON.stringify(items)); else localStorage.removeItem(pendingKey);
      } catch {
        // Storage may be off; the comment is still with the moderators.
      }
    }

    function commentItem(comment, depth, awaiting) {
      const author = Hub.httpUrl(comment.authorUrl);
      const name = comment.authorName || 'Anonymous';
      return Hub.el('li', { id: 'comment-' + comment.id, class: 'comment' + (awaiting ? ' awaiting' : ''), 'data-depth': String(depth) },
        Hub.el('article', { 'aria-label': 'Comment by ' + name },
          Hub.el('p', { class: 'comment-meta' },
            Hub.el('span', { class: 'author' }, author ? Hub.el('a', { href: author, rel: 'nofollow ugc noopener' }, name) : name),
            comment.signedInWith ? [' ', Hub.el('span', { class: 'signed-in' }, 'signed in with ' + comment.signedInWith)] : null,
            ' · ', Hub.el('a', { class: 'permalink', href: '#comment-' + comment.id }, Hub.el('time', { datetime: comment.createdAt }, Hub.formatDate(comment.createdAt))),
            awaiting ? [' · ', Hub.el('strong', null, 'Your comment is awaiting moderation.')] : null),
          Hub.el('div', { class: 'comment-body' }, typeof comment.html === 'string' ? Hub.markup(comment.html) : Hub.el('p', null, comment.content)),
          awaiting ? Hub.el('button', { type: 'button', class: 'secondary', onclick: () => withdraw(comment) }, 'Withdraw') : null));
    }

    /** Puts a comment under its parent when the parent is on the page, else at the end. */
    function place(comment, awaiting) {
      const parent = comment.parentId && document.getElementById('comment-' + comment.parentId);
      const depth = parent ? Number(parent.dataset.depth) + 1 : 1;
      const item = commentItem(comment, depth, awaiting);
      if (parent) {
        let replies = parent.querySelector(':scope > ol');
        if (!replies) parent.append(replies = Hub.el('ol'));
        replies.append(item);
      } else {
        list.append(item);
      }
      addReplyButton(item);
      document.getElementById('no-comments').hidden = true;
      return item;
    }

    /** A Reply button on a comment the script put on the page (the page's own have theirs rendered). */
    function addReplyButton(item) {
      if (!rules.open || item.classList.contains('awaiting') || Number(item.dataset.depth) >= rules.maxThreadDepth) return;
      const article = item.querySelector(':scope > article');
      if (!article.querySelector('.reply')) article.append(Hub.el('button', { type: 'button', class: 'secondary reply' }, 'Reply'));
    }

    list.addEventListener('click', (event) => {
      const button = event.target.closest('button.reply');
      if (!button) return;
      const item = button.closest('li.comment');
      replyTo(item.id.slice('comment-'.length), item.querySelector(':scope > article .author').textContent);
    });

    /** The visitor's own held comments, less those now public. */
    function showOwnPending() {
      const mine = ownPending().filter((c) => {
        const shown = document.getElementById('comment-' + c.id);
        return !(shown && !shown.classList.contains('awaiting'));
      });
      saveOwnPending(mine);
      for (const comment of mine) {
        if (!document.getElementById('comment-' + comment.id)) place(comment, true);
      }
      return mine.length;
    }

    /** Approved comments the page does not show yet (asked only while the visitor waits for their own). */
    async function pickUpNewer() {
      let cursor = null;
      do {
        const params = new URLSearchParams({ limit: '100' });
        if (cursor) params.set('cursor', cursor);
        const result = await Hub.api('/api/resources/' + encodeURIComponent(id) + '/comments?' + params);
        if (!result.ok) return;
        for (const comment of result.body.items) {
          const shown = document.getElementById('comment-' + comment.id);
          if (shown && shown.classList.contains('awaiting')) shown.remove();
          if (!shown || shown.classList.contains('awaiting')) place(comment, false);
        }
        cursor = result.body.nextCursor;
      } while (cursor);
      showOwnPending();
    }

    function replyTo(commentId, name) {
      form.parentId.value = commentId;
      replying.querySelector('span').textContent = name;
      replying.hidden = false;
      document.getElementById('content').focus();
    }

    function cancelReply() {
      form.parentId.value = '';
      replying.hidden = true;
    }

    async function withdraw(comment) {
      const result = await Hub.api('/api/resources/' + encodeURIComponent(id) + '/comments/' + encodeURIComponent(comment.id),
        { method: 'DELETE', headers: { Authorization: 'Withdraw ' + comment.withdrawToken } });
      if (result.ok || result.status === 404) {
        saveOwnPending(ownPending().filter((c) => c.id !== comment.id));
        const shown = document.getElementById('comment-' + comment.id);
        if (shown) shown.remove();
        document.getElementById('no-comments').hidden = list.childElementCount > 0;
        Hub.setStatus(formStatus, 'Your comment was withdrawn.', 'ok');
      } else {
        Hub.setStatus(formStatus, Hub.problemText(result), 'problem');
      }
    }

    /**
     * The form as the commenter is: signed in (their name and provider, a Sign out button, no name
     * or email fields) or not (the fields, and the page's own link per provider).
     */
    function showSignIn() {
      const me = commenter();
      identityInputs.forEach((input, index) => {
        input.closest('.field').hidden = !!me;
        input.required = !me && identityRequired[index];
      });
      if (me) {
        signIn.replaceChildren(Hub.el('p', null, 'Signed in as ', Hub.el('strong', null, me.name), ' with ' + me.idpName + '. ',
          Hub.el('button', { type: 'button', class: 'secondary', onclick: () => signOut('You are signed out.', 'ok') }, 'Sign out')));
      } else if (signIn.firstChild !== offered[0]) {
        signIn.replaceChildren(...offered);
      }
    }

    function signOut(message, kind) {
      session.set(tokenKey, null);
      showSignIn();
      Hub.setStatus(formStatus, message, kind);
    }

    /** The comment last sent without an answer, and the Idempotency-Key it went with. */
    let unsent = null;

    /**
     * Posts the comment. A post that gets no answer, or the Functions host's empty 500 (its body
     * stopped arriving on a bad network) or a 502/503/504, is sent again with the same
     * Idempotency-Key: twice by itself, then whenever the visitor sends the same comment again.
     * The API answers a repeated key with the first answer, so a comment is never stored twice.
     */
    async function sendComment(values, token) {
      const text = JSON.stringify([values, token]);
      if (!unsent || unsent.text !== text) unsent = { text, key: crypto.randomUUID() };
      const path = '/api/resources/' + encodeURIComponent(id) + '/comments';
      const headers = Object.assign({ 'Idempotency-Key': unsent.key }, token ? { Authorization: 'Commenter ' + token } : {});
      let result = await Hub.api(path, Hub.json('POST', values, headers));
      for (const wait of [1000, 3000]) {
        if (![0, 500, 502, 503, 504].includes(result.status)) break;
        Hub.setStatus(formStatus, 'The connection failed. Sending again…');
        await new Promise((resume) => setTimeout(resume, wait));
        result = await Hub.api(path, Hub.json('POST', values, headers));
      }
      return result;
    }

    /** The API's own rules, checked before sending; the API checks them again. A signed-in commenter sends no name or email. */
    function checkFields(values) {
      const errors = {};
      if (!values.content.trim()) errors.content = ['Please write a comment.'];
      else if (values.content.trim().length > rules.maxCommentLength) errors.content = ['A comment may be at most ' + rules.maxCommentLength + ' characters.'];
      if ('authorName' in values) {
        if (rules.requireNameAndEmail && !values.authorName.trim()) errors.authorName = ['Please give a name.'];
        if (values.authorName.length > 245) errors.authorName = ['A name may be at most 245 characters.'];
        if (rules.requireNameAndEmail && !values.authorEmail.trim()) errors.authorEmail = ['Please give an email address; it will not be published.'];
        else if (values.authorEmail.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.authorEmail.trim())) errors.authorEmail = ['That does not look like an email address.'];
      }
      if (values.authorUrl.trim() && !Hub.httpUrl(values.authorUrl.trim())) errors.authorUrl = ['A website must start with http:// or https://.'];
      return errors;
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const me = commenter();
      const values = {
        authorUrl: form.authorUrl.value,
        content: form.content.value,
        parentId: form.parentId.value || null,
        subject: form.subject.value,
      };
      if (!me) Object.assign(values, { authorName: form.authorName.value, authorEmail: form.authorEmail.value });
      if (Hub.showFieldErrors(form, checkFields(values))) {
        Hub.setStatus(formStatus, 'Please correct the fields marked above.', 'problem');
        return;
      }
      if (!values.authorUrl.trim()) delete values.authorUrl;
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      Hub.setStatus(formStatus, 'Sending…');
      const result = await sendComment(values, me && me.token);
      button.disabled = false;
      if (result.status === 401 && me) {
        signOut('Your sign-in has expired or was refused. Please sign in again, or comment with a name and email.', 'problem');
        return;
      }
      if (result.status === 201 || result.status === 202) {
        unsent = null;
        const who = me ? { authorName: me.name, signedInWith: me.idpName } : { authorName: values.authorName.trim() };
        const comment = Object.assign({ id: result.body.id, parentId: values.parentId }, who, { authorUrl: values.authorUrl || null, content: values.content.trim(), html: result.body.html, createdAt: new Date().toISOString() }, result.status === 201 ? result.body : {});
        if (result.status === 202) saveOwnPending(ownPending().concat([Object.assign({}, comment, { withdrawToken: result.body.withdrawToken })]));
        const item = place(result.status === 202 ? Object.assign(comment, { withdrawToken: result.body.withdrawToken }) : comment, result.status === 202);
        form.content.value = '';
        cancelReply();
        Hub.setStatus(formStatus, result.status === 201 ? 'Your comment is published.' : 'Thank you. Your comment is awaiting moderation.', 'ok');
        item.scrollIntoView({ block: 'nearest' });
        return;
      }
      if (Hub.showFieldErrors(form, result.body && result.body.errors)) {
        Hub.setStatus(formStatus, 'Please correct the fields marked above.', 'problem');
        return;
      }
      Hub.setStatus(formStatus, Hub.problemText(result), 'problem');
    });

    document.getElementById('cancel-reply').addEventListener('click', cancelReply);
    const answer = takeSignInAnswer();
    showSignIn();
    if (answer && answer.kind === 'signed-in') document.getElementById('content').focus();
    else if (answer) Hub.setStatus(formStatus, answer.message, answer.kind);
    if (showOwnPending() > 0) pickUpNewer();
  }

  /** entry.html?id= was the old address of an entry: send the reader to its page. */
  function oldEntryAddress() {
    const id = new URLSearchParams(location.search).get('id');
    location.replace(id && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) ? '/entries/' + id + '/' : '/');
  }

  const page = document.body.dataset.page;
  if (page === 'home') homePage();
  else if (page === 'entry') entryPage();
  else if (page === 'old-entry') oldEntryAddress();
})();
