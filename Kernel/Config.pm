# Kernel/Config.pm: local overrides of this ChatEngine home, in the form OTRS-family systems use.
# ChatEngine reads this file (it never runs it): plain assignments to $Self->{...} are what it takes.
# Settings and their defaults are in Kernel/Config/Files/XML/ChatEngine.xml.
package Kernel::Config;

use strict;
use warnings;
use utf8;

sub Load {
    my $Self = shift;

    # Chat is off in a fresh OTRS; this home is ChatEngine's own, so switch it on.
    $Self->{'ChatEngine::Active'} = 1;

    # ChatEngine's own database (the default): SQLite under var/. For PostgreSQL:
    # $Self->{'ChatEngine::Database::DSN'} = 'DBI:Pg:dbname=chatengine;host=127.0.0.1;port=5432';
    # $Self->{'ChatEngine::Database::User'} = 'chatengine';
    # $Self->{'ChatEngine::Database::Password'} = 'secret';

    return 1;
}

1;
