"""Shared by every Returners service: event contracts, messaging plumbing, service runtime."""
