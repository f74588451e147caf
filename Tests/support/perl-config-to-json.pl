#!/usr/bin/perl
# The reference side of ChatEngine's Perl-config tests: let real perl load an OTRS-family config file
# (Kernel/Config.pm, Kernel/Config/Files/ZZZ*.pm) and print what it put into $Self as canonical JSON,
# every plain scalar in perl's own string form ("$v"), undef as null.
# Usage: perl-config-to-json.pl FILE
use strict;
use warnings;
use JSON::PP;

my $Path = shift or die "usage: $0 FILE\n";
open my $Handle, '<:raw', $Path or die "cannot open $Path: $!\n";
my $Source = do { local $/; <$Handle> };
close $Handle;

# Config.pm inherits from Kernel::Config::Defaults, which is not here; nothing in Load needs it.
$Source =~ s/^([ \t]*use\s+(?:parent|base|Kernel::)\b[^;]*;)/# $1/mg;
my ($Package) = $Source =~ /^\s*package\s+([\w:]+)\s*;/m;
die "no package line in $Path\n" if !$Package;

{
    no strict 'refs';
    local $SIG{__WARN__} = sub { };
    eval $Source;    ## no critic
    die "perl could not load $Path: $@" if $@;
}

my $Self = {};
if ( $Package eq 'Kernel::Config' ) {
    Kernel::Config::Load($Self);
}
else {
    $Package->can('Load')->( $Package, $Self );
}

sub Stringify {
    my $Value = shift;
    return undef if !defined $Value;    ## no critic
    return [ map { Stringify($_) } @{$Value} ] if ref $Value eq 'ARRAY';
    return { map { $_ => Stringify( $Value->{$_} ) } keys %{$Value} } if ref $Value eq 'HASH';
    return "$Value";
}

print JSON::PP->new->canonical->utf8->encode( Stringify($Self) ), "\n";
