"""The weekly digest: the parts every section shares (``parts``) and the assembly of a branch's
digest from the sections each capability contributes (``service``)."""
