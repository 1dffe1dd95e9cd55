"""Talks to a Colloquy server's /mcp with the MCP Python SDK (PyPI's `mcp`),
as an agent would. Prints one JSON object of what it saw; the Rust test
(server/tests/api/mcp.rs) checks it.

Environment: MCP_URL (http://HOST:PORT/mcp), MCP_KEY (an API key).
"""
import json
import os

import anyio
import mcp_types as types
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

URL = os.environ["MCP_URL"]


def text_of(result):
    return "".join(block.text for block in result.content if isinstance(block, types.TextContent))


async def session_with(key, work):
    headers = {"Authorization": f"Bearer {key}"}
    async with create_mcp_http_client(headers=headers) as http:
        async with streamable_http_client(URL, http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await work(session)


async def main():
    seen = {}

    async def look_around(session):
        tools = (await session.list_tools()).tools
        seen["tools"] = {tool.name: tool.input_schema for tool in tools}
        seen["descriptions"] = {tool.name: tool.description for tool in tools}

        progress = []

        async def on_progress(value, total, message):
            progress.append(message or "")

        reply = await session.call_tool(
            "main_bot",
            {"message": "hello over mcp [tokens:12] [delay:40]", "tone": "formal", "level": 3},
            progress_callback=on_progress,
        )
        seen["reply"] = {"error": bool(reply.is_error), "text": text_of(reply), "progress": progress}

        refused = await session.call_tool("main_bot", {"message": "hi", "level": 9})
        seen["out_of_range"] = {"error": bool(refused.is_error), "text": text_of(refused)}

        unknown = await session.call_tool("no-such-bot", {"message": "hi"})
        seen["unknown_bot"] = {"error": bool(unknown.is_error), "text": text_of(unknown)}

        # A long reply, given up on once it has begun: the server stops
        # the model (the Rust test asks the stand-in).
        begun = anyio.Event()

        async def on_long_progress(value, total, message):
            begun.set()

        async with anyio.create_task_group() as group:

            async def long_call():
                await session.call_tool(
                    "main_bot",
                    {"message": "go on [tokens:400] [delay:20]"},
                    progress_callback=on_long_progress,
                )

            group.start_soon(long_call)
            with anyio.fail_after(30):
                await begun.wait()
            group.cancel_scope.cancel()
        seen["cancelled"] = True

    await session_with(os.environ["MCP_KEY"], look_around)

    async def nothing(session):
        return None

    try:
        await session_with("cq-not-a-key", nothing)
        seen["bad_key"] = "accepted"
    except BaseException as e:  # the SDK raises its own, or an exception group
        seen["bad_key"] = repr(e)

    print(json.dumps(seen))


anyio.run(main)
