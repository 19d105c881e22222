"""Check-ins: the prompts (when a member is asked, nudged, missed), the answers and their relay
to the branch, coming home, and messages between a member and the secretary."""
