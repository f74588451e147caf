# --
# Kernel/Language/de_ChatEngine.pm - German translation of ChatEngine's visitor and customer texts
# (the ChatEngine::Texts::* defaults and every text of the public chat page, the customer chat page and
# the website widget's frame). English is the source text; a text missing here stays English.
# Read by ChatEngine's Perl config reader (never executed), as OTRS reads Kernel/Language/de_*.pm.
# --

package Kernel::Language::de_ChatEngine;

use strict;
use warnings;
use utf8;

sub Data {
    my $Self = shift;

    $Self->{Translation}->{'No agent has been able to take your chat yet. You can keep waiting, or create a ticket and we will get back to you.'} = 'Bisher konnte noch kein Agent Ihren Chat annehmen. Sie können weiter warten oder ein Ticket erstellen, und wir melden uns bei Ihnen.';
    $Self->{Translation}->{'No agent has been able to take your chat yet. You can keep waiting, or add your message to one of your existing tickets.'} = 'Bisher konnte noch kein Agent Ihren Chat annehmen. Sie können weiter warten oder Ihre Nachricht zu einem Ihrer bestehenden Tickets hinzufügen.';
    $Self->{Translation}->{'Your chat request has been sent. Please wait, an agent will be with you shortly.'} = 'Ihre Chat-Anfrage wurde gesendet. Bitte warten Sie, ein Agent ist gleich für Sie da.';
    $Self->{Translation}->{'This chat has been closed. You can still read it in your list of chats.'} = 'Dieser Chat wurde beendet. Sie können ihn weiterhin in Ihrer Chat-Liste lesen.';
    $Self->{Translation}->{'Thank you for chatting with us. The chat is completed.'} = 'Vielen Dank für den Chat mit uns. Der Chat ist abgeschlossen.';
    $Self->{Translation}->{'Sorry, no agent is available right now. Please try again later or contact us by e-mail.'} = 'Leider ist gerade kein Agent verfügbar. Bitte versuchen Sie es später noch einmal oder schreiben Sie uns eine E-Mail.';
    $Self->{Translation}->{'This chat has been closed by the agent.'} = 'Dieser Chat wurde vom Agenten beendet.';
    $Self->{Translation}->{'Chat'} = 'Chat';
    $Self->{Translation}->{'Chats'} = 'Chats';
    $Self->{Translation}->{'Tickets'} = 'Tickets';
    $Self->{Translation}->{'Preferences'} = 'Einstellungen';
    $Self->{Translation}->{'Log out'} = 'Abmelden';
    $Self->{Translation}->{'Powered by ChatEngine'} = 'Bereitgestellt von ChatEngine';
    $Self->{Translation}->{'Do you have a question? Chat with us.'} = 'Haben Sie eine Frage? Chatten Sie mit uns.';
    $Self->{Translation}->{'Your name'} = 'Ihr Name';
    $Self->{Translation}->{'Topic'} = 'Thema';
    $Self->{Translation}->{'Your question'} = 'Ihre Frage';
    $Self->{Translation}->{'Start chat'} = 'Chat starten';
    $Self->{Translation}->{'Start a new chat'} = 'Einen neuen Chat starten';
    $Self->{Translation}->{'Connecting…'} = 'Verbinde…';
    $Self->{Translation}->{'New conversation'} = 'Neue Unterhaltung';
    $Self->{Translation}->{'Our agents would like to chat with you'} = 'Unsere Agenten möchten mit Ihnen chatten';
    $Self->{Translation}->{'Open chats'} = 'Offene Chats';
    $Self->{Translation}->{'My chats'} = 'Meine Chats';
    $Self->{Translation}->{'Refresh'} = 'Aktualisieren';
    $Self->{Translation}->{'Cancel'} = 'Abbrechen';
    $Self->{Translation}->{'Start a new conversation or open one of your chats.'} = 'Beginnen Sie eine neue Unterhaltung oder öffnen Sie einen Ihrer Chats.';
    $Self->{Translation}->{'Language'} = 'Sprache';
    $Self->{Translation}->{'Save language'} = 'Sprache speichern';
    $Self->{Translation}->{'You choose your language in the preferences of the ticket system.'} = 'Ihre Sprache wählen Sie in den Einstellungen des Ticketsystems.';
    $Self->{Translation}->{'Open the preferences'} = 'Einstellungen öffnen';
    $Self->{Translation}->{'%s and %s are typing…'} = '%s und %s schreiben…';
    $Self->{Translation}->{'%s is typing…'} = '%s schreibt…';
    $Self->{Translation}->{'%s character left'} = 'noch %s Zeichen';
    $Self->{Translation}->{'%s characters left'} = 'noch %s Zeichen';
    $Self->{Translation}->{'%s character too many'} = '%s Zeichen zu viel';
    $Self->{Translation}->{'%s characters too many'} = '%s Zeichen zu viel';
    $Self->{Translation}->{'Accept'} = 'Annehmen';
    $Self->{Translation}->{'Decline'} = 'Ablehnen';
    $Self->{Translation}->{'Channel:'} = 'Kanal:';
    $Self->{Translation}->{'Chat %s'} = 'Chat %s';
    $Self->{Translation}->{'Chat with %s'} = 'Chat mit %s';
    $Self->{Translation}->{'Close chat'} = 'Chat beenden';
    $Self->{Translation}->{'Close this chat'} = 'Diesen Chat beenden';
    $Self->{Translation}->{'Leave chat'} = 'Chat verlassen';
    $Self->{Translation}->{'Leave this chat'} = 'Diesen Chat verlassen';
    $Self->{Translation}->{'Create a ticket from this conversation'} = 'Aus dieser Unterhaltung ein Ticket erstellen';
    $Self->{Translation}->{'Ticket #%s'} = 'Ticket #%s';
    $Self->{Translation}->{'Customer'} = 'Kunde';
    $Self->{Translation}->{'Visitor'} = 'Besucher';
    $Self->{Translation}->{'Owner'} = 'Besitzer';
    $Self->{Translation}->{'Participant'} = 'Teilnehmer';
    $Self->{Translation}->{'Observer'} = 'Beobachter';
    $Self->{Translation}->{'Active'} = 'Aktiv';
    $Self->{Translation}->{'Away'} = 'Abwesend';
    $Self->{Translation}->{'Inactive'} = 'Inaktiv';
    $Self->{Translation}->{'Unavailable'} = 'Nicht verfügbar';
    $Self->{Translation}->{'Offline'} = 'Offline';
    $Self->{Translation}->{'Unknown'} = 'Unbekannt';
    $Self->{Translation}->{'Waiting for acceptance'} = 'Wartet auf Annahme';
    $Self->{Translation}->{'Closed'} = 'Beendet';
    $Self->{Translation}->{'Waiting for an agent'} = 'Warten auf einen Agenten';
    $Self->{Translation}->{'Download PDF'} = 'PDF herunterladen';
    $Self->{Translation}->{'Download this chat as PDF'} = 'Diesen Chat als PDF herunterladen';
    $Self->{Translation}->{'Type your message… (Enter sends, Shift+Enter adds a new line)'} = 'Ihre Nachricht… (Enter sendet, Umschalt+Enter beginnt eine neue Zeile)';
    $Self->{Translation}->{'Join the chat to write.'} = 'Treten Sie dem Chat bei, um zu schreiben.';
    $Self->{Translation}->{'This chat is closed.'} = 'Dieser Chat ist beendet.';
    $Self->{Translation}->{'You left this chat.'} = 'Sie haben diesen Chat verlassen.';
    $Self->{Translation}->{'You are observing this chat.'} = 'Sie beobachten diesen Chat.';
    $Self->{Translation}->{'Message'} = 'Nachricht';
    $Self->{Translation}->{'Participants'} = 'Teilnehmer';
    $Self->{Translation}->{'Send'} = 'Senden';
    $Self->{Translation}->{'No open chats.'} = 'Keine offenen Chats.';
    $Self->{Translation}->{'You have no chats yet.'} = 'Sie haben noch keine Chats.';
    $Self->{Translation}->{'Support'} = 'Support';
    $Self->{Translation}->{'Please enter your name.'} = 'Bitte geben Sie Ihren Namen ein.';
    $Self->{Translation}->{'Please enter your question.'} = 'Bitte geben Sie Ihre Frage ein.';
    $Self->{Translation}->{'Something went wrong. Please try again.'} = 'Etwas ist schiefgegangen. Bitte versuchen Sie es erneut.';
    $Self->{Translation}->{'The action failed.'} = 'Die Aktion ist fehlgeschlagen.';
    $Self->{Translation}->{'The chat could not be loaded. Please reload the page.'} = 'Der Chat konnte nicht geladen werden. Bitte laden Sie die Seite neu.';
    $Self->{Translation}->{'The message could not be sent.'} = 'Die Nachricht konnte nicht gesendet werden.';
    $Self->{Translation}->{'The message is too long: %s characters, at most %s are allowed.'} = 'Die Nachricht ist zu lang: %s Zeichen, höchstens %s sind erlaubt.';
    $Self->{Translation}->{'The server cannot be reached.'} = 'Der Server ist nicht erreichbar.';
    $Self->{Translation}->{'This chat is no longer available. You can start a new one.'} = 'Dieser Chat ist nicht mehr verfügbar. Sie können einen neuen beginnen.';
    $Self->{Translation}->{'Unexpected answer from the server (HTTP %s).'} = 'Unerwartete Antwort des Servers (HTTP %s).';
    $Self->{Translation}->{'Unexpected answer from the server.'} = 'Unerwartete Antwort des Servers.';
    $Self->{Translation}->{'Your session has expired.'} = 'Ihre Sitzung ist abgelaufen.';
    $Self->{Translation}->{'Connected'} = 'Verbunden';
    $Self->{Translation}->{'Reconnecting…'} = 'Verbindung wird wiederhergestellt…';
    $Self->{Translation}->{'Connected (polling)'} = 'Verbunden (Polling)';
    $Self->{Translation}->{'Offline: waiting for the network…'} = 'Offline: warte auf das Netzwerk…';
    $Self->{Translation}->{'Disconnected'} = 'Getrennt';
    $Self->{Translation}->{'Error'} = 'Fehler';
    $Self->{Translation}->{'Chat is not active.'} = 'Der Chat ist nicht aktiv.';
    $Self->{Translation}->{'The message is empty.'} = 'Die Nachricht ist leer.';
    $Self->{Translation}->{'You are not in this chat.'} = 'Sie sind nicht in diesem Chat.';
    $Self->{Translation}->{'You already have a chat request waiting for an agent.'} = 'Sie haben bereits eine Chat-Anfrage, die auf einen Agenten wartet.';
    $Self->{Translation}->{'Too many messages at once. Please wait a moment.'} = 'Zu viele Nachrichten auf einmal. Bitte warten Sie einen Moment.';
    $Self->{Translation}->{'This chat request has already been accepted.'} = 'Diese Chat-Anfrage wurde bereits angenommen.';
    $Self->{Translation}->{'Chat requests from your network are not accepted.'} = 'Chat-Anfragen aus Ihrem Netzwerk werden nicht angenommen.';
    $Self->{Translation}->{'You cannot start a new chat at the moment: new chats from you are blocked for a while.'} = 'Sie können gerade keinen neuen Chat beginnen: Neue Chats von Ihnen sind für eine Weile gesperrt.';
    $Self->{Translation}->{'Too many chat requests from your address. Please try again later.'} = 'Zu viele Chat-Anfragen von Ihrer Adresse. Bitte versuchen Sie es später noch einmal.';
    $Self->{Translation}->{'You have started too many chats. Please try again later.'} = 'Sie haben zu viele Chats begonnen. Bitte versuchen Sie es später noch einmal.';
    $Self->{Translation}->{'Your session has ended. Please log in again.'} = 'Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.';
    $Self->{Translation}->{'Log in'} = 'Anmelden';
    $Self->{Translation}->{'The server could not read a message.'} = 'Der Server konnte eine Nachricht nicht lesen.';

    # the chat's system lines (ChatCore's ChatView) and the header of a customer's transcript
    $Self->{Translation}->{'%s has requested a chat.'} = '%s hat einen Chat angefragt.';
    $Self->{Translation}->{'%s has joined the chat.'} = '%s hat den Chat betreten.';
    $Self->{Translation}->{'%s has declined the chat request.'} = '%s hat die Chat-Anfrage abgelehnt.';
    $Self->{Translation}->{'%s has invited %s.'} = '%s hat %s eingeladen.';
    $Self->{Translation}->{'%s has declined the invitation.'} = '%s hat die Einladung abgelehnt.';
    $Self->{Translation}->{'%s has joined the chat as observer.'} = '%s hat den Chat als Beobachter betreten.';
    $Self->{Translation}->{'%s is now an observer.'} = '%s ist jetzt Beobachter.';
    $Self->{Translation}->{'%s is now a participant.'} = '%s ist jetzt Teilnehmer.';
    $Self->{Translation}->{'%s has left the chat.'} = '%s hat den Chat verlassen.';
    $Self->{Translation}->{'%s has changed the channel to %s.'} = '%s hat den Kanal zu %s gewechselt.';
    $Self->{Translation}->{'Monitoring set to %s.'} = 'Überwachung auf %s gesetzt.';
    $Self->{Translation}->{'%s has closed the chat.'} = '%s hat den Chat beendet.';
    $Self->{Translation}->{'%s has created ticket #%s from this chat.'} = '%s hat aus diesem Chat das Ticket #%s erstellt.';
    $Self->{Translation}->{'%s has added this chat to ticket #%s.'} = '%s hat diesen Chat zum Ticket #%s hinzugefügt.';
    $Self->{Translation}->{'This chat is about ticket #%s.'} = 'Dieser Chat betrifft das Ticket #%s.';
    $Self->{Translation}->{'Chat %s (%s, %s)'} = 'Chat %s (%s, %s)';
    $Self->{Translation}->{'Participants: %s'} = 'Teilnehmer: %s';
    $Self->{Translation}->{'Started: %s (%s)'} = 'Beginn: %s (%s)';
    $Self->{Translation}->{'Ended: %s'} = 'Ende: %s';

    return;
}

1;
