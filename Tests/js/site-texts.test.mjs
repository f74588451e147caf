// The website's own texts (public/js/site-texts.js) and the translation helper (public/js/i18n.js).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentTypingText, languageVariants, resolveSiteTexts } from '../../public/js/site-texts.js';
import { setSiteTexts, setTranslations, siteText, t } from '../../public/js/i18n.js';

const jtel = {
  noAgents: 'Sorry, currently there are no agents available. Please try again later.',
  'noAgents#de': 'Es tut uns leid, aber derzeit sind keine Agenten verfügbar.',
  agentTyping: 'Agent $agent is typing...',
  'agentTyping#de': 'Agent $agent schreibt ...',
  bye: 'Goodbye.',
  welcomeMessage: 'Welcome!',
  'welcomeMessage#fr': 'Bienvenue !',
};

describe('per-site texts', () => {
  it('the #de variant wins for German, the plain text otherwise', () => {
    const de = resolveSiteTexts(jtel, 'de');
    assert.equal(de.noAgents, jtel['noAgents#de']);
    assert.equal(de.agentTyping, 'Agent $agent schreibt ...');
    assert.equal(de.bye, 'Goodbye.', 'no German variant: the plain text');
    assert.equal(de.welcomeMessage, 'Welcome!');
    const en = resolveSiteTexts(jtel, 'en');
    assert.equal(en.noAgents, jtel.noAgents);
    assert.equal(resolveSiteTexts(jtel, 'fr').welcomeMessage, 'Bienvenue !');
  });

  it('a regional language takes its language variant; case of the suffix does not matter', () => {
    assert.equal(resolveSiteTexts(jtel, 'de-AT').noAgents, jtel['noAgents#de']);
    assert.equal(resolveSiteTexts({ 'bye#DE': 'Tschüss.' }, 'de').bye, 'Tschüss.');
    assert.equal(resolveSiteTexts({ 'bye#de-at': 'Servus.', 'bye#de': 'Tschüss.' }, 'de-AT').bye, 'Servus.');
    assert.deepEqual(languageVariants('de-AT'), ['de-at', 'de_at', 'de']);
    assert.deepEqual(languageVariants('<script>'), []);
  });

  it('unknown names, non-strings and blanks are left out; long texts are cut', () => {
    const out = resolveSiteTexts({ other: 'x', bye: 42, noAgents: '   ', outOfService: 'y'.repeat(5000) }, 'en');
    assert.deepEqual(Object.keys(out), ['outOfService']);
    assert.equal(out.outOfService.length, 1000);
    assert.deepEqual(resolveSiteTexts(null, 'de'), {});
    assert.deepEqual(resolveSiteTexts('text', 'de'), {});
  });

  it('$agent becomes the agent name, every time it occurs', () => {
    assert.equal(agentTypingText('Agent $agent schreibt ... ($agent)', 'Agent 1'), 'Agent Agent 1 schreibt ... (Agent 1)');
  });
});

describe('translations', () => {
  it('translates from the dictionary, fills %s, and falls back to English', () => {
    setTranslations({ 'Start chat': 'Chat starten', 'Chat with %s': 'Chat mit %s' });
    assert.equal(t('Start chat'), 'Chat starten');
    assert.equal(t('Chat with %s', 'Anna'), 'Chat mit Anna');
    assert.equal(t('Untranslated text'), 'Untranslated text');
    assert.equal(t('toString'), 'toString', 'no inherited property is taken for a translation');
    setTranslations(null);
    assert.equal(t('Start chat'), 'Start chat');
  });

  it('values go in as they are, and a translation with another %s count is not used', () => {
    setTranslations({ 'Chat with %s': 'Chat mit %s', '%s and %s': 'nur %s' });
    assert.equal(t('Chat with %s', "A$&b %s $'"), "Chat mit A$&b %s $'", 'no replacement patterns, no second fill');
    assert.equal(t('%s and %s', 'a', 'b'), 'a and b', 'the English source when the counts differ');
    setTranslations({});
  });

  it('site texts are kept for the page and empty when unset', () => {
    setSiteTexts(jtel, 'de');
    assert.equal(siteText('noAgents'), jtel['noAgents#de']);
    assert.equal(siteText('editorPlaceholder'), '');
    setSiteTexts(undefined, 'de');
    assert.equal(siteText('noAgents'), '');
  });
});
