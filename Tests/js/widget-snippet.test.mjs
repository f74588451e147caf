// The snippet generator's pure part (public/js/widget-snippet.js): options from the Configuration tab's fields,
// the code to paste, its escaping inside <script>, and the mixed-content explanation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import {
  buildOptions, emptyForm, loaderURL, mixedContent, normalizeServer, optionsFromFragment, parseFields, previewFragment,
  scriptSafeJSON, snippet, TEXT_KEYS,
} from '../../public/js/widget-snippet.js';

const SERVER = 'https://chat.example.com/otrs/';
const form = (fields) => ({ ...emptyForm(SERVER), ...fields });

/** The inline script of a snippet, as an HTML parser cuts it: up to the first `</script` (case-insensitive). */
function inlineScript(code) {
  const open = code.indexOf('<script>') + '<script>'.length;
  const close = code.toLowerCase().indexOf('</script', open);
  return code.slice(open, close);
}

/** Runs the snippet's inline script like a host page would, with the loader not yet there; the queued options. */
function queued(code) {
  const window = {};
  window.window = window;
  vm.runInNewContext(`with (window) { ${inlineScript(code)} }`, { window });
  return JSON.parse(JSON.stringify(window.ChatEngine.q));  // out of the other realm
}

describe('options', () => {
  it('a fresh form gives only the server: every default is left out', () => {
    const { options, problems } = buildOptions(form({}));
    assert.deepEqual(problems, []);
    assert.deepEqual(options, { server: SERVER });
  });

  it('fields equal to the loader defaults are left out, others kept', () => {
    const { options } = buildOptions(form({
      position: 'bottom-right', primaryColor: '#0A5FB4', textColor: '#ffffff', title: 'Chat', launcherText: 'Chat with us',
      showWhenUnavailable: false,
    }));
    assert.deepEqual(options, { server: SERVER });
    const changed = buildOptions(form({
      position: 'bottom-left', primaryColor: '#c00', title: 'Support', launcherText: 'Ask us', showWhenUnavailable: true,
      language: 'de', channel: 'Sales',
    })).options;
    assert.deepEqual(changed, {
      server: SERVER, language: 'de', channel: 'Sales', position: 'bottom-left', colors: { primary: '#c00' },
      title: 'Support', launcherText: 'Ask us', showWhenUnavailable: true,
    });
  });

  it('texts with their language variants, by suffix, and more variants by lines', () => {
    const { options, problems } = buildOptions(form({
      texts: { noAgents: 'Nobody is here.', agentTyping: 'Agent $agent is typing…' },
      variantLanguage: 'de',
      variants: { noAgents: 'Niemand ist da.', bye: 'Tschüss' },
      moreTexts: 'bye#fr: Au revoir\nwelcomeMessage#pt-BR: Bem-vindo!\n\n',
    }));
    assert.deepEqual(problems, []);
    assert.deepEqual(options.texts, {
      noAgents: 'Nobody is here.', 'noAgents#de': 'Niemand ist da.', agentTyping: 'Agent $agent is typing…',
      'bye#de': 'Tschüss', 'bye#fr': 'Au revoir', 'welcomeMessage#pt-BR': 'Bem-vindo!',
    });
    assert.equal(TEXT_KEYS.length, 7);
  });

  it('a bad text line, language, colour, position or link is named and left out', () => {
    const { options, problems } = buildOptions(form({
      moreTexts: 'hello#fr: Salut', language: 'German', primaryColor: 'red; background: url(x)', position: 'top',
      noAgentLinkURL: 'javascript:alert(1)', variantLanguage: 'de_DE', variants: { bye: 'Tschüss' },
    }));
    assert.deepEqual(options, { server: SERVER });
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.match(problems.join('\n'), /More texts, line 1/);
    assert.match(problems.join('\n'), /"German" is not a language code/);
    assert.match(problems.join('\n'), /Main colour: "red; background: url\(x\)" is not a colour/);
    assert.match(problems.join('\n'), /Position: "top"/);
    assert.match(problems.join('\n'), /No-agent link: "javascript:alert\(1\)" is not an http\(s\) address/);
    assert.match(problems.join('\n'), /"de_DE" is not a language code/);
  });

  it('the no-agent link with its text and delay', () => {
    const { options } = buildOptions(form({ noAgentLinkURL: 'https://www.example.com/contact', noAgentLinkText: 'Write to us',
      noAgentLinkDelay: '90' }));
    assert.deepEqual(options.noAgentLink, { url: 'https://www.example.com/contact', text: 'Write to us', delay: 90 });
    assert.match(buildOptions(form({ noAgentLinkURL: 'https://x.example/', noAgentLinkDelay: 'soon' })).problems[0], /not a number/);
  });

  it('pdata and udata from key: value lines, within the loader limits', () => {
    const { options, problems } = buildOptions(form({ pdata: 'name: John Doe\nemail: john@example.com', udata: 'order.id: 42' }));
    assert.deepEqual(problems, []);
    assert.deepEqual(options.pdata, { name: 'John Doe', email: 'john@example.com' });
    assert.deepEqual(options.udata, { 'order.id': '42' });
    const bad = parseFields('no colon\nbad key!: x\nname: a\nname: b\nlong: ' + 'x'.repeat(501), 'Visitor data (pdata)');
    assert.deepEqual(bad.fields, { name: 'a' });
    assert.equal(bad.problems.length, 4);
    assert.match(bad.problems[0], /line 1: write it as "key: value"/);
    const many = Array.from({ length: 21 }, (_, i) => `f${i}: v`).join('\n');
    assert.match(buildOptions(form({ udata: many })).problems.join(), /21 fields, at most 20/);
  });

  it('the server address: http(s) only, a trailing slash added, no query', () => {
    assert.equal(normalizeServer('https://chat.example.com/otrs'), SERVER);
    assert.equal(normalizeServer(' http://127.0.0.1:8080/otrs/ '), 'http://127.0.0.1:8080/otrs/');
    assert.equal(normalizeServer('ftp://chat.example.com/'), null);
    assert.equal(normalizeServer('chat.example.com'), null);
    assert.equal(normalizeServer('https://chat.example.com/otrs/?x=1'), null);
    assert.match(buildOptions(form({ server: 'nope' })).problems[0], /ChatEngine address/);
  });
});

describe('the code to paste', () => {
  it('has the async loader under the web path and the queued init call with the options as JSON', () => {
    const options = buildOptions(form({ title: 'Support', texts: { bye: 'Bye' } })).options;
    const code = snippet(options, '/otrs-web/');
    assert.ok(code.startsWith('<script async src="https://chat.example.com/otrs-web/widget/loader.js"></script>\n<script>\n'));
    assert.ok(code.endsWith('\n</script>'));
    assert.deepEqual(queued(code), [options], 'the host page queues exactly these options');
    assert.equal(loaderURL('http://10.0.0.5:8080/chat/otrs/', 'chatengine-web'), 'http://10.0.0.5:8080/chatengine-web/widget/loader.js');
  });

  it('a </script> or a quote in a title cannot break out of the script', () => {
    const title = `Help</script><script>alert("x")</script> it's "ours" <!-- & \u2028 end`;
    const options = buildOptions(form({ title, texts: { bye: '</SCRIPT >bye' }, pdata: 'name: O\'Brien "<b>"' })).options;
    const code = snippet(options, '/otrs-web/');
    const script = inlineScript(code);
    assert.ok(!/<\/script/i.test(script), 'nothing ends the script early');
    assert.ok(!script.includes('<!--') && !script.includes('\u2028'));
    assert.ok(code.indexOf('</script>', code.indexOf('<script>')) === code.length - '</script>'.length, 'the only end is the last line');
    const [got] = queued(code);
    assert.equal(got.title, title, 'the title arrives exactly as typed');
    assert.equal(got.texts.bye, '</SCRIPT >bye');
    assert.equal(got.pdata.name, 'O\'Brien "<b>"');
  });

  it('script-safe JSON is still JSON with the same value', () => {
    const value = { a: '</script><!--&\u2028\u2029', b: [1, true, null], 'c#de': 'ü' };
    const text = scriptSafeJSON(value);
    assert.ok(!/[<>&\u2028\u2029]/.test(text));
    assert.deepEqual(JSON.parse(text), value);
  });

  it('the loader address is escaped as an attribute', () => {
    const code = snippet({ server: 'https://chat.example.com/o"t<rs/' }, '/otrs-web/');
    assert.ok(code.startsWith('<script async src="https://chat.example.com/otrs-web/widget/loader.js">'));
  });
});

describe('mixed content', () => {
  it('an https website with an http ChatEngine is explained, with HttpType', () => {
    const note = mixedContent('https://www.example.com/shop', 'http://chat.example.com/otrs/');
    assert.match(note, /https:\/\/www\.example\.com is served over https/);
    assert.match(note, /http:\/\/chat\.example\.com is http/);
    assert.match(note, /HttpType/);
  });

  it('same protocols, an http website, or nothing entered: no note', () => {
    assert.equal(mixedContent('https://www.example.com', 'https://chat.example.com/otrs/'), null);
    assert.equal(mixedContent('http://www.example.com', 'http://chat.example.com/otrs/'), null);
    assert.equal(mixedContent('http://www.example.com', 'https://chat.example.com/otrs/'), null);
    assert.equal(mixedContent('', 'http://chat.example.com/otrs/'), null);
  });
});

describe('the preview fragment', () => {
  it('carries the options there and back; anything else is no options', () => {
    const options = { server: SERVER, title: 'a#b&c=d', texts: { 'bye#de': 'Tschüss' } };
    assert.deepEqual(optionsFromFragment('#' + previewFragment(options)), options);
    assert.equal(optionsFromFragment(''), null);
    assert.equal(optionsFromFragment('#%7Bnot json'), null);
    assert.equal(optionsFromFragment('#' + encodeURIComponent('[1]')), null);
  });
});
