"""Experience SDK: one Protocol, in-process and HTTP implementations, and the RuntimeClient."""
