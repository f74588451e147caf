# The project's commands; each installs what it needs first (Debian packages: root or sudo).
.PHONY: run test bench

run:
	scripts/run.sh

test:
	scripts/test.sh

bench:
	bench/sysconfig.sh
	bench/chat-store.sh
