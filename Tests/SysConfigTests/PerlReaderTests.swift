import Foundation
import Testing

@testable import SysConfig

/// Our own cases for every construct of the Perl subset, each compared with what real perl makes of
/// the same file. A case is the body of `sub Load`; the file around it has all the usual scaffolding.
@Suite("Perl config reader against perl", .timeLimit(.minutes(5)))
struct PerlReaderTests {
    static let cases: [(String, String)] = [
        ("quotes", #"""
            $Self->{'Single'} = 'plain';
            $Self->{Double} = "plain";
            $Self->{'SingleSpecials'} = 'a\\b\'c $x @y \n \t';
            $Self->{NestedQuotes} = "it's \"quoted\"";
            $Self->{NestedQuotes2} = 'say "hi"';
            $Self->{Empty} = '';
            $Self->{EmptyDouble} = "";
            """#),
        ("double-quote escapes", #"""
            $Self->{Escapes} = "tab\there\nnew\\ \" \$ \@ \r \f \b \a \e";
            $Self->{Hex} = "\x41\x{263A}\x{1F600}\x7e\x";
            $Self->{Named} = "\N{U+263A}\N{U+00e9}";
            $Self->{Octal} = "\101\60\0end\o{101}";
            $Self->{Control} = "\cA\c[\c?";
            $Self->{Unknown} = "\q\%\-\}";
            $Self->{At} = "a@ b, x@1, end@";
            """#),
        ("unicode", #"""
            $Self->{'Grüße'} = 'Grüße 你好 😀 مرحبا';
            $Self->{Mixed} = "Grüße\t你好 😀";
            $Self->{'ключ'}->{'日本'} = ['ü', "é", 'ß'];
            """#),
        ("q qq qw", #"""
            $Self->{Q1} = q{a {nested} b};
            $Self->{Q2} = q(a\)b\(c);
            $Self->{Q3} = q!bang\!!;
            $Self->{Q4} = q<angle <x>>;
            $Self->{Q5} = q[sq\\uare];
            $Self->{Home} = '/opt/otrs';
            $Self->{QQ1} = qq{x $Self->{Home} {y}};
            $Self->{QQ2} = qq|pipe\|$Self->{Home}|;
            $Self->{QW} = [ qw(a b  c), 'd', qw/e f/ ];
            $Self->{QWEmpty} = [ qw() ];
            """#),
        ("interpolation", #"""
            $Self->{Home} = '/opt/otrs';
            $Self->{Log} = "$Self->{Home}/var/log";
            $Self->{'Quoted'} = "$Self->{'Home'}|$Self->{ Home }|";
            $Self->{X}->{Y} = ['zero', 'one'];
            $Self->{Chain} = "$Self->{X}{Y}[1]-$Self->{X}->{Y}->[0]";
            $Self->{Undef} = "[$Self->{Missing}]";
            $Self->{UndefDeep} = "[$Self->{Missing2}{Deep}]";
            $Self->{"Key$Self->{Home}"} = 1;
            $Self->{Copy} = $Self->{Home};
            $Self->{CopyHash} = $Self->{X};
            """#),
        ("numbers", #"""
            $Self->{Numbers} = [
                1_000, 0x1F, 0X1f, 010, 1e3, 0.50, 1.0, -5, -0, .5, 1., 0b101, 0o17, 0,
                12345678901234567890, 123456789012345678901, -9223372036854775808, -9223372036854775809,
                3.14159265358979323, 1e15, 1e-5, 1E+3, 100000000000000000000, 0.1, +7, -1.5e-7, 1e999, 00,
            ];
            $Self->{Number} = 42;
            $Self->{NumberKeys} = { 1 => 'a', 01 => 'b', 2.50 => 'c', 0x10 => 'd' };
            """#),
        ("structures", #"""
            $Self->{Tree} = {
                a => [ 1, { b => undef, 'c' => [], }, ],
                "d e" => {},
                7 => 'seven',
                -dash => 1,
                undef => 'key named undef',
                q => 'key named q',
                k => 1, k => 2,
                nested => { deeper => { deepest => [ [ [ 'x' ] ] ] } },
            };
            $Self->{UndefValues} = [ undef, undef(), 'x' ];
            $Self->{Odd} = { 'only-key' };
            $Self->{List} = [ 'a', , 'b', ];
            $Self->{Commas} = { a => 1,, b => 2, };
            """#),
        ("nested assignment and delete", #"""
            $Self->{'X'}->{'Y'}->{'Z'} = 1;
            $Self->{X}{W} = 2;
            $Self->{'X'}{'V'}->{'U'} = 3;
            $Self->{Arr}->[2] = 'c';
            $Self->{Arr}[0]{Inner} = 'a';
            $Self->{O} = 1;
            $Self->{O} = 2;
            delete $Self->{'X'}->{'Y'};
            $Self->{Gone} = 'soon';
            delete $Self->{Gone};
            delete $Self->{Never}{Deep};
            $Self->{Replaced}->{A} = 1;
            $Self->{Replaced} = { B => 2 };
            """#),
        ("comments and layout", #"""
            # a comment with 'quotes' and "$dollars" and @arrays
            $Self->{A} = 'x'; # trailing comment
            $Self->{B} = {    # after a brace
                Key => 'value',    # after a pair
                'Hash#Key' => "not # a comment",
            };
            $Self   ->   {  Spaced  }   =   'yes'  ;
            $Self->{C}
                = 'over lines';
            ;;
            """#),
        ("dead code after return", #"""
            $Self->{Before} = 1;
            return 1;
            $Self->{After} = 1;
            """#),
    ]

    static func file(body: String) -> String {
        """
        # --
        # Kernel/Config/Files/ZZZTest.pm - a generated test case
        # --
        package Kernel::Config::Files::ZZZTest;

        use strict;
        use warnings;
        no warnings 'redefine'; ## no critic
        use utf8;
        use v5.24;
        use Kernel::Config::Defaults;
        use parent qw(Kernel::Config::Defaults);

        =head1 NAME

        Kernel::Config::Files::ZZZTest - POD that must be skipped: $Self->{Nope} = 1;

        =cut

        sub Load {
            my ($File, $Self) = @_;
        \(body)
            return;
        }

        1;

        __END__
        $Self->{AfterEnd} = 'never read';
        """
    }

    @Test("each construct reads as perl reads it", arguments: cases.map(\.0))
    func matchesPerl(_ name: String) throws {
        let body = Self.cases.first { $0.0 == name }!.1
        let home = try TestSupport.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let url = home.appendingPathComponent("ZZZTest.pm")
        try TestSupport.write(Self.file(body: body), to: url)
        let reference = try TestSupport.perlReference(url)
        let ours = try PerlConfigReader.read(file: url.path, displayName: "ZZZTest.pm")
        let differences = TestSupport.differences(.hash(ours), reference)
        #expect(differences.isEmpty, "\(name):\n\(differences.joined(separator: "\n"))")
    }

    @Test("Config.pm style (my $Self = shift) reads as perl reads it")
    func configPmStyle() throws {
        let home = try TestSupport.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let url = home.appendingPathComponent("Config.pm")
        try TestSupport.write("""
            package Kernel::Config;
            use strict;
            use warnings;
            use utf8;
            sub Load {
                my $Self = shift;
                $Self->{DatabaseHost} = '127.0.0.1';
                $Self->{'ChatEngine::Active'} = 1;
                $Self->{'Frontend::Module'}->{'AgentChat'}->{'Group'} = ['users', 'chat'];
                $Self->{DatabaseDSN} = "DBI:mysql:database=otrs;host=$Self->{DatabaseHost};";
                return 1;
            }
            use Kernel::Config::Defaults; # import Translatable()
            use parent qw(Kernel::Config::Defaults);
            1;
            """, to: url)
        let ours = try PerlConfigReader.read(file: url.path, displayName: "Config.pm")
        #expect(TestSupport.differences(.hash(ours), try TestSupport.perlReference(url)).isEmpty)
    }

    static let refusals: [(body: String, line: Int, mentions: String)] = [
        ("    $Self->{A} = 1;\n    system('rm -rf /');", 23, "system"),
        ("    for my $i (1..3) { $Self->{A} = $i; }", 22, "for"),
        ("    $Self->{A} = lc('X');", 22, "lc"),
        ("    my $x = 1;", 22, "$x"),
        ("    $Self->{A} = \"$x\";", 22, "$"),
        ("    $Self->{A} = \"user@example.com\";", 22, "@"),
        ("    $Self->{A} = 'a' . 'b';", 22, "."),
        ("    $Self->{A} = 1\n    $Self->{B} = 2;", 23, "$Self"),
        ("    $Self->{A} = q|never closed;\n", 22, "not terminated"),
        ("    $Self->{A} = `id`;", 22, "`"),
        ("    $Self->{A} = \"\\U upper\";", 22, "\\U"),
        ("    eval { 1 };", 22, "eval"),
        ("    $Self->{A} = <<\"EOF\";\nx\nEOF", 22, "<<"),
        ("    $Self->{A} = 0x;", 22, "number"),
        ("    $Self->[0] = 1;", 22, "hash"),
        ("    $Self->{A} = 'x';\n    $Self->{A}->{B} = 1;", 23, "strict refs"),
    ]

    @Test("anything outside the subset is an error naming file, line and construct",
        arguments: refusals.indices)
    func refusesWithLocation(_ index: Int) throws {
        let refusal = Self.refusals[index]
        let source = Self.file(body: refusal.body)
        do {
            _ = try PerlConfigReader.read(bytes: Array(source.utf8), displayName: "Kernel/Config.pm")
            Issue.record("accepted: \(refusal.body)")
        } catch {
            #expect(error.location == SourceLocation(file: "Kernel/Config.pm", line: refusal.line), "\(error)")
            #expect(error.description.contains(refusal.mentions), "\(error)")
            #expect(error.description.hasPrefix("Kernel/Config.pm:\(refusal.line): "))
        }
    }
}
