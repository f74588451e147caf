# The project's commands; each installs what it needs first (Debian packages: root or sudo).
#   make run [ARGS="--port 8081"]    the server on this folder (ARGS go to `chatengine serve`)
#   make test                        the whole test suite
#   make cli ARGS="config check"     the command line (.build/debug/chatengine) with ARGS
#   make bench                       the benchmarks (release builds)
.PHONY: run test cli bench

run:
	scripts/run.sh $(ARGS)

test:
	scripts/test.sh

cli:
	@scripts/install-deps.sh
	@timeout 2400 swift build --quiet --product chatengine >&2   # build output to stderr: the command's own is stdout
	@"$$(swift build --show-bin-path)/chatengine" $(ARGS)

bench:
	bench/sysconfig.sh
	bench/chat-store.sh
