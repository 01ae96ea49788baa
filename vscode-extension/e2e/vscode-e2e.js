// End-to-end test of the packaged extension in a real VS Code (code-server) driven by headless
// Chromium: open blog/views.py, hover a query and read the SQL preview, then apply the N+1 quick
// fix and read the edited text. Screenshots: $SHOT_DIR/hover.png and $SHOT_DIR/quickfix.png.
//
// Env: CS_URL (code-server), WS_DIR (workspace folder), SHOT_DIR, CHROMIUM, TIMEOUT_MS.
// Run with NODE_PATH pointing at a node_modules that has playwright-core (see run-e2e.sh).
const { chromium } = require('playwright-core');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CS_URL = process.env.CS_URL || 'http://127.0.0.1:8765';
const WS_DIR = process.env.WS_DIR;
const SHOT_DIR = process.env.SHOT_DIR || os.tmpdir();
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = Number(process.env.TIMEOUT_MS || 60000);

const t0 = Date.now();
const lap = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// The editor line whose text contains `needle` (Monaco renders each line as a .view-line).
function line(page, needle) {
  return page.locator('.editor-instance .monaco-editor .view-line', { hasText: needle }).first();
}

// Screen box of `word` inside the editor line containing `lineText` (Monaco merges whitespace
// into tokens and writes spaces as U+00A0, so the text is searched, not the token spans).
async function textBox(page, lineText, word) {
  return page.evaluate(([lineText, word]) => {
    for (const line of document.querySelectorAll('.editor-instance .monaco-editor .view-line')) {
      const text = line.textContent.replace(/\u00a0/g, ' ');
      const at = text.indexOf(lineText);
      if (at < 0) continue;
      let start = text.indexOf(word, at);
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (start < node.length) {
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, Math.min(node.length, start + word.length));
          const r = range.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }
        start -= node.length;
      }
    }
    return null;
  }, [lineText, word]);
}

async function hoverWord(page, lineText, word, expect) {
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
  const deadline = Date.now() + TIMEOUT;
  let attempt = 0;
  while (Date.now() < deadline) {
    const box = await textBox(page, lineText, word);
    if (!box) { await page.waitForTimeout(200); continue; }
    attempt++;
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(150);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    try {
      await hover.waitFor({ state: 'visible', timeout: 4000 });
      await page.waitForFunction((el) => el.innerText.includes('SELECT'),
        await hover.elementHandle(), { timeout: 4000 });
      const text = (await hover.innerText()).trim();
      lap(`hover attempt ${attempt}: ${JSON.stringify(text.slice(0, 50))}`);
      if (text.includes(expect)) return text;
    } catch {
      lap(`hover attempt ${attempt}: nothing yet`);
    }
  }
  throw new Error(`no hover containing ${JSON.stringify(expect)}`);
}

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ormlens-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  try {
    await page.goto(`${CS_URL}/?folder=${encodeURIComponent(WS_DIR)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor();
    lap('workbench');
    await page.locator('.explorer-folders-view .monaco-list-row[aria-label="blog"]').waitFor();
    // Quick Open the file
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('views.py');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'views.py' }).first().waitFor();
    await page.keyboard.press('Enter');
    await line(page, 'def bylines').waitFor();
    lap('views.py open');
    await page.locator('.statusbar-item', { hasText: 'ormlens: ready' }).first().waitFor();
    lap('server ready');

    // 1. the N+1 diagnostic is underlined
    await page.locator('.editor-instance .squiggly-warning').first().waitFor();
    lap('N+1 underlined');

    // 2. hover a query: the SQL of each dialect
    const text = await hoverWord(page, 'stmt = select(Post.title)', 'select', 'SELECT posts.title');
    for (const expected of ['sqlite', 'postgresql', 'mysql', 'FROM posts JOIN users ON users.id = posts.author_id',
      'FROM posts INNER JOIN users', 'params: name = <name>', 'result: rows: (str,)']) {
      if (!text.replace(/`/g, '').includes(expected)) throw new Error(`hover lacks ${JSON.stringify(expected)}:\n${text}`);
    }
    const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
    const tokens = await hover.locator('.monaco-tokenized-source span').evaluateAll((els) =>
      els.filter((e) => !e.children.length && e.textContent.trim() === 'SELECT')
        .map((e) => getComputedStyle(e).color));
    lap(`SELECT keyword colours in the hover: ${tokens.slice(0, 3).join(', ')}`);
    await page.waitForTimeout(300);   // the fade-in
    await page.screenshot({ path: path.join(SHOT_DIR, 'hover.png'), animations: 'disabled' });
    lap('hover screenshot');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    // 3. the diagnostic's hover on `user.posts`, then its quick fix
    const posts = await textBox(page, 'for post in user.posts', 'posts');
    await page.mouse.move(posts.x + posts.width / 2, posts.y + posts.height / 2, { steps: 3 });
    // the diagnostic's hover, with its quick fix offered (VS Code asks for `quickfix` actions)
    await page.locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: 'N+1' })
      .filter({ hasText: 'Quick Fix' }).first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOT_DIR, 'diagnostic.png'), animations: 'disabled' });
    lap('diagnostic hover');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await page.mouse.click(posts.x + posts.width / 2, posts.y + posts.height / 2);
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Eager-load User.posts with selectinload()' }).first();
    await fix.waitFor();
    lap('quick fix offered');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOT_DIR, 'quickfix.png'), animations: 'disabled' });
    // the menu takes keys, not clicks (a pointer block covers it): move to the fix, Enter
    for (let i = 0; i < 10; i++) {
      const focused = page.locator('.action-widget .monaco-list-row.focused').first();
      if ((await focused.getAttribute('aria-label')) === 'Eager-load User.posts with selectinload()') break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await line(page, 'selectinload(User.posts)').waitFor();
    const edited = (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText())
      .replace(/\u00a0/g, ' ');
    for (const expected of ['from sqlalchemy.orm import Session, selectinload',
      '.options(selectinload(User.posts))']) {
      if (!edited.includes(expected)) throw new Error(`edited text lacks ${JSON.stringify(expected)}:\n${edited}`);
    }
    lap('quick fix applied');
    // the re-check clears the N+1 underline
    await page.locator('.editor-instance .squiggly-warning').first().waitFor({ state: 'detached' });
    lap('N+1 gone');
    console.log('HOVER TEXT >>>\n' + text + '\n<<<');
    console.log('PASS');
  } catch (e) {
    await page.screenshot({ path: path.join(SHOT_DIR, 'failure.png') }).catch(() => {});
    throw e;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error('FAIL:', e.message); process.exit(1); });
