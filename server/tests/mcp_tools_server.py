"""A small MCP server built with the MCP Python SDK (PyPI's `mcp`), which
server/tests/api/mcp.rs configures as `[mcp.servers.calc]`: the server
starts it as a child process and offers its tools to the models.
"""
import asyncio
import os

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

server = MCPServer("calc")


@server.tool()
def add(a: float, b: float) -> str:
    """Adds two numbers."""
    return f"{a + b:g}"


@server.tool()
def fail(why: str) -> str:
    """Always fails, saying why."""
    raise ToolError(f"it failed on purpose: {why}")


@server.tool()
async def slow(seconds: float) -> str:
    """Waits, then says so. With MCP_TOOLS_MARKER set, writes there how
    the wait ended ("waited", or "cancelled" when the client gave up)."""
    marker = os.environ.get("MCP_TOOLS_MARKER")
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        if marker:
            with open(marker, "w") as out:
                out.write("cancelled")
        raise
    if marker:
        with open(marker, "w") as out:
            out.write("waited")
    return "waited"


@server.tool()
def crash() -> str:
    """Ends this server's process mid-call."""
    os._exit(3)


@server.tool()
def hidden() -> str:
    """Not on the allow list: never offered."""
    return "should not be called"


server.run("stdio")
