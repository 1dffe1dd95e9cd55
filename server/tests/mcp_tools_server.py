"""A small MCP server built with the MCP Python SDK (PyPI's `mcp`), which
server/tests/api/mcp.rs configures as `[mcp.servers.calc]`: the server
starts it as a child process and offers its tools to the models.
"""
import asyncio

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
    """Waits, then says so."""
    await asyncio.sleep(seconds)
    return "waited"


@server.tool()
def hidden() -> str:
    """Not on the allow list: never offered."""
    return "should not be called"


server.run("stdio")
