"""The returners command-line tool and the local (Docker-free) development stack."""
