// Cited playground. Served as a separate file: the page's Content-Security-Policy allows
// scripts from 'self' only, never inline. Everything from the API (answers, citation
// snippets, error details) is stored or user-controlled content, so the DOM is built with
// createElement + textContent only; innerHTML and friends are never used.
/* global document */
(function () {
  'use strict';

  const VERDICT_LABEL = {
    supported: 'Supported by the sources',
    partially_supported: 'Partially supported',
    unsupported: 'Not supported',
    abstained: 'Abstained',
  };

  function $(id) {
    const el = document.getElementById(id);
    if (!el) throw new Error('playground: missing element #' + id);
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function text(tag, value, className) {
    const el = document.createElement(tag);
    el.textContent = value === undefined || value === null ? '' : String(value);
    if (className) el.className = className;
    return el;
  }

  function ms(v) {
    return typeof v === 'number' ? v.toFixed(v < 10 ? 1 : 0) + ' ms' : '–';
  }

  const form = $('ask-form');
  const question = $('question');
  const apiKey = $('api-key');
  const tenant = $('tenant');
  const topK = $('top-k');
  const pipeline = $('pipeline');
  const askButton = $('ask');
  const status = $('status');
  const errorBox = $('error');
  const result = $('result');
  const snippetPanel = $('snippet');
  let openChip = null;

  function setStatus(msg) {
    status.textContent = msg;
  }

  function showError(title, detail, extra) {
    clear(errorBox);
    errorBox.appendChild(text('strong', title));
    if (detail) errorBox.appendChild(text('p', detail));
    if (extra) errorBox.appendChild(text('pre', extra));
    errorBox.hidden = false;
  }

  function closeSnippet() {
    if (openChip) openChip.setAttribute('aria-expanded', 'false');
    openChip = null;
    snippetPanel.hidden = true;
  }

  function openSnippet(chip, citation, n) {
    if (openChip === chip) {
      closeSnippet();
      return;
    }
    if (openChip) openChip.setAttribute('aria-expanded', 'false');
    openChip = chip;
    chip.setAttribute('aria-expanded', 'true');
    $('snippet-title').textContent = '[' + n + '] ' + (citation.title || citation.documentId);
    $('snippet-meta').textContent =
      citation.id +
      ' · score ' +
      (typeof citation.score === 'number' ? citation.score.toFixed(3) : '–');
    $('snippet-text').textContent = citation.snippet;
    snippetPanel.hidden = false;
  }

  function renderCitations(citations) {
    const box = $('citations');
    clear(box);
    closeSnippet();
    if (!citations.length) {
      box.appendChild(text('span', 'No sources cited.', 'muted'));
      return;
    }
    citations.forEach(function (c, i) {
      const chip = text('button', '[' + (i + 1) + '] ' + (c.title || c.documentId), 'chip');
      chip.type = 'button';
      chip.title = c.documentId;
      chip.setAttribute('aria-expanded', 'false');
      chip.setAttribute('aria-controls', 'snippet');
      chip.setAttribute('data-testid', 'citation-chip');
      chip.addEventListener('click', function () {
        openSnippet(chip, c, i + 1);
      });
      box.appendChild(chip);
    });
  }

  function renderMeta(body, roundTripMs) {
    const meta = $('meta');
    clear(meta);
    const program = body.program || {};
    const t = body.timings || {};
    const rows = [
      ['Pipeline', body.pipeline],
      [
        'Program',
        (program.name || '?') +
          ' · id ' +
          (program.id || '?') +
          ' · version ' +
          (program.version === null || program.version === undefined ? '–' : program.version) +
          ' · from ' +
          (program.source || '?'),
      ],
      [
        'Timings',
        'retrieval ' +
          ms(t.retrievalMs) +
          ' · LLM ' +
          ms(t.llmMs) +
          ' · total ' +
          ms(t.totalMs) +
          ' · round trip ' +
          ms(roundTripMs),
      ],
      ['Request id', body.requestId],
    ];
    // A pipeline picked above that the server did not honour is said, not hidden.
    const override = body.pipelineOverride;
    if (override && !override.honoured)
      rows.push([
        'Override',
        override.requested + ' not honoured (the server has CITED_ALLOW_PIPELINE_OVERRIDE=false)',
      ]);
    rows.forEach(function (r) {
      meta.appendChild(text('dt', r[0]));
      const dd = text('dd', r[1]);
      dd.setAttribute('data-testid', 'meta-' + r[0].toLowerCase().replace(/\s+/g, '-'));
      meta.appendChild(dd);
    });
  }

  function renderAnswer(body, roundTripMs) {
    $('answer').textContent = body.answer;
    const verdict = (body.verification && body.verification.verdict) || 'unknown';
    const badge = $('verdict');
    badge.textContent = VERDICT_LABEL[verdict] || verdict;
    badge.className = 'badge ' + verdict;
    badge.setAttribute('data-verdict', verdict);

    const degraded = $('degraded');
    degraded.hidden = !body.degraded;
    degraded.textContent = body.degraded
      ? 'degraded' + (body.degradedReason ? ': ' + body.degradedReason.replace(/_/g, ' ') : '')
      : '';

    const claims = (body.verification && body.verification.unsupportedClaims) || [];
    const list = $('unsupported-list');
    clear(list);
    claims.forEach(function (c) {
      list.appendChild(text('li', c));
    });
    $('unsupported').hidden = claims.length === 0;

    renderCitations(body.citations || []);
    renderMeta(body, roundTripMs);
    result.hidden = false;
  }

  function buildRequest() {
    const payload = { question: question.value };
    if (tenant.value.trim()) payload.tenantId = tenant.value.trim();
    if (topK.value.trim()) payload.topK = Number(topK.value);
    if (pipeline.value) payload.pipeline = pipeline.value;
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    // Read at send time from the field only: the key is never written to storage or cookies.
    const key = apiKey.value.trim();
    if (key) headers.authorization = 'Bearer ' + key;
    return { payload: payload, headers: headers };
  }

  function ask(event) {
    event.preventDefault();
    if (!question.value.trim()) {
      // The status line belongs to the last request: a validation message replaces it.
      setStatus('');
      showError('Type a question first.');
      question.focus();
      return;
    }
    const req = buildRequest();
    errorBox.hidden = true;
    askButton.disabled = true;
    setStatus('Asking…');
    const started = performance.now();
    fetch('/v1/answer', {
      method: 'POST',
      headers: req.headers,
      body: JSON.stringify(req.payload),
      credentials: 'omit',
      cache: 'no-store',
    })
      .then(function (res) {
        return res.text().then(function (raw) {
          let body = null;
          try {
            body = raw ? JSON.parse(raw) : null;
          } catch {
            // Not JSON (a proxy's HTML error page): shown raw below.
            body = null;
          }
          return { res: res, body: body, raw: raw };
        });
      })
      .then(function (r) {
        const roundTrip = performance.now() - started;
        if (!r.res.ok || !r.body) {
          const p = r.body || {};
          const title = (p.title || 'Request failed') + ' (HTTP ' + r.res.status + ')';
          const hint = r.res.status === 401 ? ' Enter a valid API key above.' : '';
          showError(
            title,
            (p.detail || r.raw.slice(0, 500)) + hint,
            p.code ? 'code: ' + p.code : '',
          );
          setStatus('');
          return;
        }
        renderAnswer(r.body, roundTrip);
        setStatus('Answered in ' + ms(roundTrip) + '.');
      })
      .catch(function (e) {
        showError('The API could not be reached.', e && e.message ? e.message : String(e));
        setStatus('');
      })
      .then(function () {
        askButton.disabled = false;
      });
  }

  function checkReadiness() {
    const el = $('readiness');
    fetch('/readyz', { cache: 'no-store', credentials: 'omit' })
      .then(function (res) {
        return res.json();
      })
      .then(function (body) {
        const checks = body.checks || {};
        const program = checks.program || {};
        el.textContent =
          'API ' +
          String(body.status).replace(/_/g, ' ') +
          (program.pipeline
            ? ' · default program: ' + program.pipeline + ' (' + (program.source || '?') + ')'
            : '') +
          (checks.index && typeof checks.index.chunks === 'number'
            ? ' · ' + checks.index.chunks + ' indexed passages'
            : '');
        el.className = 'readiness ' + String(body.status);
      })
      .catch(function () {
        el.textContent = 'Readiness unknown (GET /readyz failed).';
      });
  }

  form.addEventListener('submit', ask);
  question.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) ask(e);
  });
  checkReadiness();
})();
