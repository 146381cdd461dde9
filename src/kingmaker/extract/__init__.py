"""Evidence extraction: read a German or English article and propose the facts it states as candidates
(actors, relations, events, claims), each with its sentence, character offsets, confidence and rule id.

>>> from kingmaker.extract import extract_file, ActorIndex      # doctest: +SKIP
>>> ex = extract_file("article.de.txt", index=ActorIndex.from_case_file("cases/openai-2023.yaml"))  # doctest: +SKIP
>>> [(c.kind, c.holder, c.subject) for c in ex.candidates]     # doctest: +SKIP

See docs/extract.md for the rules, the candidate fragment format and the evaluation.
"""
from kingmaker.extract.actors import ActorIndex
from kingmaker.extract.candidates import Candidate, Quote
from kingmaker.extract.pipeline import Extraction, ProposedActor, extract_document, extract_file, extract_text

__all__ = ["ActorIndex", "Candidate", "Quote", "Extraction", "ProposedActor", "extract_document", "extract_file",
           "extract_text"]
