/* The snippet generator's preview page (AgentChatWidgetIntegration, Subaction=Preview): a stand-in website that
 * does what the pasted code does, with the options the generator put in the fragment and this ChatEngine as the
 * server. The real loader is the page's async <script>; the queue stub makes the order of the two irrelevant.
 */
import { optionsFromFragment } from './widget-snippet.js';

const scriptDir = String(document.body.dataset.script || '/otrs/index.pl').replace(/[^/]*$/, '');
const options = { ...(optionsFromFragment(window.location.hash) || {}), server: window.location.origin + scriptDir };

window.ChatEngine = window.ChatEngine || { q: [] };
window.ChatEngine.initChat = window.ChatEngine.initChat || function (o) { window.ChatEngine.q.push(o); };
window.ChatEngine.initChat(options);
