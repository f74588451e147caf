"""Bench agents bench-1..bench-N and their channels, made with the chatengine command line.

Request lists go to every agent who may take chats in a channel, so with all N agents on one channel
each new chat would reach N agents (N² frames to set up N chats). With `group_size` G > 0 the agents
come in groups of G, each group with its own group, role and channel ("Bench j"), and each chat goes
to its agent's channel. G = 0 puts everyone on the default channel (group `users`).

Per group: group bench-gJ, role bench-rJ (rw on users: the chat screen; chat_owner on bench-gJ), channel
"Bench J". Per agent one `user add --role` (run a few at a time).
"""

import subprocess
from concurrent.futures import ThreadPoolExecutor


def group_of(agent_number: int, group_size: int) -> int:
    """The group (1-based) of agent bench-<agent_number> (1-based); 0 when everyone shares `users`."""
    return 0 if group_size <= 0 else (agent_number - 1) // group_size + 1


def channel_name(group: int) -> str:
    return f"Bench {group}"


class Cli:
    def __init__(self, binary: str, home: str):
        self.binary, self.home = binary, home

    def __call__(self, *args: str, ok_if: str | None = None) -> str:
        done = subprocess.run([self.binary, *args, "--home", self.home], capture_output=True, text=True,
                              timeout=120, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            output = done.stdout + done.stderr
            if ok_if and ok_if in output.lower():
                return output
            raise RuntimeError(f"chatengine {' '.join(args)}: {output.strip()}")
        return done.stdout

    def channels(self) -> dict[str, int]:
        """Channel name -> id, from `channel list`."""
        table = {}
        for line in self("channel", "list").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[0].isdigit():
                table[parts[1]] = int(parts[0])
        return table

    def agents(self) -> set[str]:
        return {line.split("\t", 1)[0] for line in self("user", "list").splitlines() if line.strip()}


def provision(binary: str, home: str, agents: int, group_size: int, password: str, parallel: int = 4) -> None:
    cli = Cli(binary, home)
    existing_channels = cli.channels()
    groups = sorted({group_of(n, group_size) for n in range(1, agents + 1)})
    for group in groups:
        role = f"bench-r{group}"
        if group == 0:
            cli("role", "add", role, ok_if="exist")
            cli("role", "link-group", role, "users", "--permission", "rw")
            cli("role", "link-group", role, "users", "--permission", "chat_owner")
            continue
        if channel_name(group) in existing_channels:
            continue
        cli("group", "add", f"bench-g{group}", ok_if="exist")
        cli("role", "add", role, ok_if="exist")
        cli("role", "link-group", role, "users", "--permission", "rw")
        cli("role", "link-group", role, f"bench-g{group}", "--permission", "chat_owner")
        cli("channel", "add", channel_name(group), "--group", f"bench-g{group}", "--comment", "chat-load")

    have = cli.agents()
    missing = [n for n in range(1, agents + 1) if f"bench-{n}" not in have]

    def add(number: int) -> None:
        login = f"bench-{number}"
        cli("user", "add", login, "--first-name", "Bench", "--last-name", str(number),
            "--email", f"{login}@bench.invalid", "--password", password, "--role", f"bench-r{group_of(number, group_size)}")

    with ThreadPoolExecutor(parallel) as pool:
        for done, _ in enumerate(pool.map(add, missing), 1):
            if done % 500 == 0:
                print(f"  {done}/{len(missing)} agents added", flush=True)
    print(f"provisioned: {agents} agents ({len(missing)} new), {len(groups)} group(s) of "
          f"{group_size or 'all'}", flush=True)


def channel_ids(binary: str, home: str, chats: int, group_size: int) -> list[int | None]:
    """The ChatChannelID each chat asks for (its agent's channel; None: the default channel)."""
    if group_size <= 0:
        return [None] * chats
    table = Cli(binary, home).channels()
    return [table[channel_name(group_of(n, group_size))] for n in range(1, chats + 1)]
