"""The library's pages, one module per area; ``urls`` gathers their patterns."""
