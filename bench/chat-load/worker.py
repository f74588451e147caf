"""One load-generator process: sets up its share of the chats, sends its share of the messages, measures.

A chat here is one visitor connection and one agent connection. Each message's text carries its id and
its scheduled send time ("bench <id> <time> ..."); its latency runs from that scheduled time to the
arrival of the `Events` frame carrying it on the OTHER side's connection, so a slow server (or a
slow generator) shows up as latency instead of lowering the send rate (open loop).
"""

import asyncio
import collections
import gc
import resource

from client import Connection, ProtocolError, agent_login, json_call, now, ws_url

FILLER = "Hallo, ich habe eine Frage zu meiner Bestellung – Grüße"


def raise_fd_limit() -> int:
    """Soft limit of open files up to the hard one (each chat holds two sockets)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class Stats:
    def __init__(self):
        self.latencies: list[float] = []   # seconds, delivered messages of the measured window
        self.send_lag: list[float] = []    # seconds between scheduled and actual send (generator health)
        self.sent = 0
        self.duplicates = 0
        self.errors: collections.Counter = collections.Counter()
        self.samples: dict[str, str] = {}  # error kind -> the first message the server gave for it
        self.frames: collections.Counter = collections.Counter()
        self.pending: dict[str, float] = {}  # id -> scheduled time, sent but not yet seen by the other side


class Chat:
    """One chat: its agent (bench-N) and visitor connections."""

    def __init__(self, index: int, agent_login_name: str, channel_id: int | None):
        self.index = index
        self.agent_login = agent_login_name
        self.channel_id = channel_id
        self.chat_id: str | None = None
        self.agent: Connection | None = None
        self.visitor: Connection | None = None
        self.sent = 0  # closed loop: messages sent in this chat


class Worker:
    def __init__(self, options: dict, worker_index: int, chats: list[tuple[int, str, int | None]]):
        self.o = options
        self.base = options["url"]
        self.index = worker_index
        self.chats = [Chat(*spec) for spec in chats]
        self.stats = Stats()
        self.deadline = float("inf")  # end of the measured window (closed loop stops sending then)
        self.by_connection: dict[int, tuple[Chat, str]] = {}
        self.delivered: set[str] = set()  # this run's message ids that arrived

    # -- setup ---------------------------------------------------------------------------------------

    async def setup(self) -> int:
        """Opens every chat (bounded concurrency); returns how many are ready."""
        gate = asyncio.Semaphore(self.o["setup_concurrency"])

        async def one(chat: Chat) -> bool:
            async with gate:
                try:
                    await asyncio.wait_for(self.setup_chat(chat), self.o["setup_timeout"])
                    return True
                except ProtocolError as error:
                    self.stats.errors[f"setup:{error.code}"] += 1
                    self.stats.samples.setdefault(f"setup:{error.code}", str(error))
                except Exception as error:  # noqa: BLE001 (counted per kind)
                    self.stats.errors[f"setup:{type(error).__name__}:{str(error)[:80]}"] += 1
                return False

        done = await asyncio.gather(*(one(chat) for chat in self.chats))
        self.chats = [chat for chat, ok in zip(self.chats, done) if ok]
        return len(self.chats)

    async def setup_chat(self, chat: Chat) -> None:
        """Agent logs in and connects, goes external; the visitor asks; the agent accepts; the visitor connects."""
        cookie, token = await asyncio.to_thread(agent_login, self.base, chat.agent_login, self.o["password"])
        chat.agent = Connection(f"a{chat.index}", self.stats, self.on_events)
        self.by_connection[id(chat.agent)] = (chat, "agent")
        await chat.agent.open(ws_url(self.base, {"Interface": "Agent", "ChallengeToken": token}), self.base, cookie)
        await asyncio.to_thread(json_call, self.base, "/otrs/index.pl",
                                {"Action": "AgentChat", "Subaction": "SetAvailability", "Availability": "external",
                                 "ChallengeToken": token}, cookie)
        request = {"Action": "PublicChat", "Subaction": "CreateChatRequest", "Name": f"Visitor {chat.index + 1}",
                   "Message": f"Hello, this is visitor {chat.index + 1}."}
        if chat.channel_id is not None:
            request["ChatChannelID"] = chat.channel_id
        created = await asyncio.to_thread(json_call, self.base, "/otrs/public.pl", request)
        chat.chat_id = str(created["ChatID"])
        await chat.agent.command("ChatRequestAccept", {"ChatID": chat.chat_id})
        chat.visitor = Connection(f"v{chat.index}", self.stats, self.on_events)
        self.by_connection[id(chat.visitor)] = (chat, "visitor")
        await chat.visitor.open(ws_url(self.base, {"Interface": "Public", "VisitorToken": created["VisitorToken"]}),
                                self.base)

    # -- messages --------------------------------------------------------------------------------------

    async def send(self, chat: Chat, side: str, message_id: str, scheduled: float) -> None:
        connection = chat.visitor if side == "visitor" else chat.agent
        if not connection.is_open:
            self.stats.errors[f"send_on_closed:{side}"] += 1
            return
        text = f"bench {message_id} {scheduled:.6f} {FILLER}"
        self.stats.pending[message_id] = scheduled
        self.stats.sent += 1
        self.stats.send_lag.append(now() - scheduled)
        try:
            await connection.command("ChatMessageAdd", {"ChatID": chat.chat_id, "Message": text}, wait=False)
        except Exception as error:  # noqa: BLE001
            self.stats.errors[f"send:{type(error).__name__}"] += 1

    def on_events(self, connection: Connection, frame: dict) -> None:
        """An Events frame: every bench message from the other side is delivered now."""
        arrived = now()
        chat, side = self.by_connection.get(id(connection), (None, None))
        for event in frame.get("Events") or []:
            text = event.get("Text") or ""
            if event.get("Kind") != "message" or event.get("Mine") or not text.startswith("bench "):
                continue
            _, message_id, scheduled, _ = text.split(" ", 3)
            if self.stats.pending.pop(message_id, None) is None:
                # twice for this run's message is a duplicate; an older run's message (the catch-up of a
                # chat still open on a reused home) is not
                if message_id in self.delivered:
                    self.stats.duplicates += 1
                continue
            self.delivered.add(message_id)
            self.stats.latencies.append(arrived - float(scheduled))
            if self.o["mode"] == "closed" and chat is not None and arrived < self.deadline:
                # closed loop: this side answers at once
                chat.sent += 1
                next_id = f"{chat.index}.{chat.sent}"
                asyncio.get_running_loop().create_task(self.send(chat, side, next_id, now()))

    async def run_open(self, start: float) -> None:
        """Sends this worker's share of a fixed total rate: global message k goes at start + k/rate,
        in chat k mod N, from the visitor when (k div N) is even, else from the agent."""
        rate, total_chats = self.o["rate"], self.o["chats"]
        total = int(rate * self.o["duration"])
        mine = {chat.index: chat for chat in self.chats}
        self.deadline = start + self.o["duration"]
        for k in range(total):
            chat = mine.get(k % total_chats)
            if chat is None:
                continue
            scheduled = start + k / rate
            delay = scheduled - now()
            if delay > 0:
                await asyncio.sleep(delay)
            await self.send(chat, "visitor" if (k // total_chats) % 2 == 0 else "agent", str(k), scheduled)

    async def run_closed(self, start: float) -> None:
        """Each chat starts with one visitor message (spread over the first second), then ping-pong."""
        self.deadline = start + self.o["duration"]
        for position, chat in enumerate(self.chats):
            scheduled = start + position / max(1, len(self.chats))
            delay = scheduled - now()
            if delay > 0:
                await asyncio.sleep(delay)
            chat.sent += 1
            await self.send(chat, "visitor", f"{chat.index}.{chat.sent}", scheduled)
        await asyncio.sleep(max(0.0, self.deadline - now()))

    async def drain(self, grace: float) -> None:
        """Waits (at most `grace` s) for messages still under way."""
        until = now() + grace
        while self.stats.pending and now() < until:
            await asyncio.sleep(0.05)

    async def close_chats(self) -> None:
        """Closes the chats (agent ChatDiscard) so the next run starts clean; then the sockets."""
        async def close(chat: Chat):
            try:
                if chat.agent and chat.agent.is_open:
                    await chat.agent.command("ChatDiscard", {"ChatID": chat.chat_id}, timeout=10)
            except Exception as error:  # noqa: BLE001
                self.stats.errors[f"cleanup:{getattr(error, 'code', type(error).__name__)}"] += 1
            for connection in (chat.visitor, chat.agent):
                if connection is not None:
                    await connection.close()
        gate = asyncio.Semaphore(50)

        async def gated(chat):
            async with gate:
                await close(chat)
        await asyncio.gather(*(gated(chat) for chat in self.chats))

    async def heartbeats(self, interval: float) -> None:
        """Each open connection sends {"Type":"Heartbeat"} every `interval` s, spread evenly (as pages do)."""
        while True:
            connections = [c for chat in self.chats for c in (chat.agent, chat.visitor) if c is not None and c.is_open]
            if not connections:
                await asyncio.sleep(interval)
                continue
            for connection in connections:
                await asyncio.sleep(interval / len(connections))
                if connection.is_open:
                    try:
                        await connection.send({"Type": "Heartbeat", "Input": True})
                    except Exception:  # noqa: BLE001 (a closed connection is counted by its reader)
                        pass

    def open_connections(self) -> int:
        return sum(1 for chat in self.chats for c in (chat.agent, chat.visitor) if c is not None and c.is_open)

    def closes(self) -> collections.Counter:
        """Connections the server closed during the run, by close code."""
        return collections.Counter(str(c.closed_code) for chat in self.chats for c in (chat.agent, chat.visitor)
                                   if c is not None and c.closed_code is not None)


async def work(options: dict, worker_index: int, chats, control, results) -> None:
    worker = Worker(options, worker_index, chats)
    heartbeats = asyncio.create_task(worker.heartbeats(options["heartbeat"])) if options["heartbeat"] > 0 else None
    ready = await worker.setup()
    # Thousands of connections make many long-lived objects; without this, each full garbage collection
    # would walk them all and stall the generator's loop (its own delay would show as server latency).
    gc.collect()
    gc.freeze()
    control_reply = {"worker": worker_index, "ready": ready, "errors": dict(worker.stats.errors),
                     "samples": dict(worker.stats.samples)}
    results.put(("ready", control_reply))
    start = await asyncio.to_thread(control.get, True, options["setup_timeout"] + 600)
    if start is None:  # told to give up
        return
    worker.stats.errors.clear()  # setup errors were already reported
    if options["mode"] == "open":
        await worker.run_open(start)
    else:
        await worker.run_closed(start)
    await worker.drain(options["grace"])
    held, closes = worker.open_connections(), worker.closes()
    undelivered = len(worker.stats.pending)
    results.put(("done", {
        "worker": worker_index, "latencies": worker.stats.latencies, "send_lag": worker.stats.send_lag,
        "sent": worker.stats.sent, "undelivered": undelivered, "duplicates": worker.stats.duplicates,
        "errors": dict(worker.stats.errors), "samples": dict(worker.stats.samples),
        "frames": dict(worker.stats.frames), "held": held,
        "closes": dict(closes)}))
    if heartbeats is not None:
        heartbeats.cancel()
    await worker.close_chats()


def worker_main(options: dict, worker_index: int, chats, control, results) -> None:
    """The entry point of a worker process."""
    raise_fd_limit()
    try:
        import uvloop  # optional: a faster event loop keeps the generator's own delay out of the numbers
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    try:
        asyncio.run(work(options, worker_index, chats, control, results))
    except Exception as error:  # noqa: BLE001 (reported to the main process)
        results.put(("failed", {"worker": worker_index, "error": f"{type(error).__name__}: {error}"}))
