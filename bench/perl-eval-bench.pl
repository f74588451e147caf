#!/usr/bin/perl
# The perl side of bench/sysconfig.sh: read and evaluate an OTRS Perl config file ROUNDS times in one
# process, as OTRS does when it loads ZZZAAuto.pm, and print the median and minimum in milliseconds.
use strict;
use warnings;
no warnings 'redefine';
use Time::HiRes qw(time);

my ( $Path, $Rounds ) = @ARGV;
die "usage: $0 FILE ROUNDS\n" if !$Path || !$Rounds;
my ( @Times, $Keys );
for ( 1 .. $Rounds ) {
    my $Start = time();
    open my $Handle, '<:raw', $Path or die "cannot open $Path: $!\n";
    my $Source = do { local $/; <$Handle> };
    close $Handle;
    my ($Package) = $Source =~ /^\s*package\s+([\w:]+)\s*;/m;
    eval $Source;    ## no critic
    die $@ if $@;
    my %Self;
    $Package->can('Load')->( $Package, \%Self );
    $Keys = scalar keys %Self;
    push @Times, ( time() - $Start ) * 1000;
}
my @Sorted = sort { $a <=> $b } @Times;
printf "perl: %d keys, median %.2f ms, min %.2f ms over %d rounds\n", $Keys, $Sorted[ int( @Sorted / 2 ) ], $Sorted[0],
    $Rounds;
