"""The channel-neutral dialogue: a turn in, replies with at most four choices out."""
