"""Writers: each turns a numbered document model into one output format."""
