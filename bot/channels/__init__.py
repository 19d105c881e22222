"""Chat platforms: each turns its updates into calls of the handlers and renders the views'
channel-neutral messages in its own way."""
