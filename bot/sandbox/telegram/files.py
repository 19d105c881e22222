"""Files: uploads and file ids in photos and documents, ``getFile`` and the download URL."""

from __future__ import annotations

from aiohttp import web

from bot.sandbox.telegram.messages import MessagesApi
from bot.sandbox.telegram.records import (
    JSON,
    ApiError,
    StoredFile,
    error_response,
)


class FilesApi(MessagesApi):
    def store_file(
        self,
        data: bytes,
        *,
        name: str | None = None,
        mime: str | None = None,
        folder: str = "documents",
    ) -> StoredFile:
        number = next(self._file_ids)
        file_id = f"FILE{number:06d}{'x' * 20}"
        extension = name.rsplit(".", 1)[-1] if name and "." in name else "bin"
        stored = StoredFile(
            file_id, f"U{number:06d}", data, f"{folder}/file_{number}.{extension}", name, mime
        )
        self.files[file_id] = stored
        return stored

    def _upload(self, params: JSON, field_name: str, folder: str) -> StoredFile:
        value = params.get(field_name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(f"attach:{value.removeprefix('attach://')}")
        if isinstance(value, str):
            stored = self.files.get(value)
            if stored is None:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            return stored
        upload = params.get(f"attach:{field_name}", value)
        if not isinstance(upload, tuple):
            raise ApiError(400, f"Bad Request: there is no {field_name} in the request")
        data, name, mime = upload
        return self.store_file(data, name=name, mime=mime, folder=folder)

    async def _api_sendPhoto(self, params: JSON) -> JSON:
        stored = self._upload(params, "photo", "photos")
        return self._store_message(
            params, kind="photo", caption=params.get("caption"), file_id=stored.file_id
        )

    async def _api_sendDocument(self, params: JSON) -> JSON:
        stored = self._upload(params, "document", "documents")
        return self._store_message(
            params,
            kind="document",
            caption=params.get("caption"),
            file_id=stored.file_id,
            file_name=stored.name,
        )

    async def _api_getFile(self, params: JSON) -> JSON:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.data),
            "file_path": stored.path,
        }

    async def _download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.path == path:
                return web.Response(body=stored.data)
        return error_response(404, "Not Found")
