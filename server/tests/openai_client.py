"""Talks to a Colloquy server with the OpenAI Python client, as any program
would. Prints one JSON object of what it saw; the Rust test checks it.

Environment: OPENAI_BASE_URL (http://HOST:PORT/v1), OPENAI_API_KEY, MODEL.
"""
import json
import os

import openai

client = openai.OpenAI()
model = os.environ["MODEL"]
seen = {"models": [m.id for m in client.models.list()]}

stream = client.chat.completions.create(
    model=model,
    messages=[{"role": "user", "content": "hello there, how are you?"}],
    stream=True,
    stream_options={"include_usage": True},
)
pieces, finish, usage = [], None, None
for chunk in stream:
    if chunk.usage is not None:
        usage = chunk.usage.completion_tokens
    for choice in chunk.choices:
        if choice.delta.content:
            pieces.append(choice.delta.content)
        if choice.finish_reason:
            finish = choice.finish_reason
seen["stream"] = {"pieces": len(pieces), "text": "".join(pieces), "finish": finish, "usage": usage}

whole = client.chat.completions.create(
    model=model,
    messages=[
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": "second"},
    ],
)
seen["whole"] = {"text": whole.choices[0].message.content, "finish": whole.choices[0].finish_reason}

try:
    openai.OpenAI(api_key="cq-" + "0" * 64).chat.completions.create(
        model=model, messages=[{"role": "user", "content": "hi"}]
    )
    seen["bad_key"] = "accepted"
except openai.AuthenticationError as e:
    seen["bad_key"] = e.status_code

try:
    client.chat.completions.create(model="no-such-model", messages=[{"role": "user", "content": "hi"}])
    seen["bad_model"] = "accepted"
except openai.NotFoundError as e:
    seen["bad_model"] = e.body.get("code") if isinstance(e.body, dict) else str(e.body)

print(json.dumps(seen))
