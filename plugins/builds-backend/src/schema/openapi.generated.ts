// Generated from openapi.yaml (the contract the router enforces); openapi.test.ts keeps the two equal.
/* eslint-disable */

/** The Cellport builds plugin's OpenAPI document. */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "Cellport builds",
    "version": "0.1.0",
    "description": "Build configs (git repository, branch, Dockerfile and context, target image repository, tag\nrule) with members and roles, builds started by hand or by signed GitLab, GitHub and Gitea\npush webhooks, their logs and step timings, and the build agents. Members and activity of a\nbuild config are served by the access library under /configs/{name}/members and\n/configs/{name}/activity.\n",
    "license": {
      "name": "Apache-2.0"
    }
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "parameters": {
      "limit": {
        "name": "limit",
        "in": "query",
        "required": false,
        "description": "At most this many (1 to 500; default 100).",
        "schema": {
          "type": "string"
        }
      },
      "cursor": {
        "name": "cursor",
        "in": "query",
        "required": false,
        "description": "The nextCursor of the previous page.",
        "schema": {
          "type": "string"
        }
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "properties": {
          "error": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            }
          }
        }
      },
      "TagRule": {
        "oneOf": [
          {
            "type": "object",
            "required": [
              "type"
            ],
            "additionalProperties": false,
            "properties": {
              "type": {
                "const": "commit"
              }
            }
          },
          {
            "type": "object",
            "required": [
              "type"
            ],
            "additionalProperties": false,
            "properties": {
              "type": {
                "const": "branch-counter"
              }
            }
          },
          {
            "type": "object",
            "required": [
              "type",
              "tag"
            ],
            "additionalProperties": false,
            "properties": {
              "type": {
                "const": "fixed"
              },
              "tag": {
                "type": "string"
              }
            }
          }
        ]
      },
      "BuildArgInput": {
        "type": "object",
        "required": [
          "name"
        ],
        "additionalProperties": false,
        "properties": {
          "name": {
            "type": "string"
          },
          "value": {
            "type": "string",
            "description": "Required unless secret (a secret without a value keeps the stored one)."
          },
          "secret": {
            "type": "boolean",
            "default": false
          }
        }
      },
      "BuildArg": {
        "type": "object",
        "required": [
          "name",
          "secret"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "value": {
            "type": "string",
            "description": "Absent for secret arguments."
          },
          "secret": {
            "type": "boolean"
          }
        }
      },
      "BuildConfigInput": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "name": {
            "type": "string"
          },
          "repositoryUrl": {
            "type": "string",
            "description": "http(s) or ssh git URL"
          },
          "branch": {
            "type": "string",
            "default": "main"
          },
          "context": {
            "type": "string",
            "default": "."
          },
          "dockerfile": {
            "type": "string",
            "default": "Dockerfile",
            "description": "Relative to the context."
          },
          "buildArgs": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/BuildArgInput"
            }
          },
          "imageRepository": {
            "type": "string",
            "description": "group/name in the Cellport registry"
          },
          "tagRule": {
            "$ref": "#/components/schemas/TagRule"
          },
          "cacheMountPath": {
            "type": "string",
            "default": "/cache"
          }
        }
      },
      "BuildConfig": {
        "type": "object",
        "required": [
          "name",
          "repositoryUrl",
          "branch",
          "context",
          "dockerfile",
          "buildArgs",
          "imageRepository",
          "tagRule",
          "cacheMountPath",
          "createdBy",
          "createdAt",
          "updatedAt"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "repositoryUrl": {
            "type": "string"
          },
          "branch": {
            "type": "string"
          },
          "context": {
            "type": "string"
          },
          "dockerfile": {
            "type": "string"
          },
          "buildArgs": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/BuildArg"
            }
          },
          "imageRepository": {
            "type": "string"
          },
          "tagRule": {
            "$ref": "#/components/schemas/TagRule"
          },
          "cacheMountPath": {
            "type": "string"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          },
          "allowed": {
            "type": "object",
            "description": "What the caller may do on this config.",
            "additionalProperties": {
              "type": "boolean"
            }
          }
        }
      },
      "WebhookSecretStatus": {
        "type": "object",
        "description": "What a read tells of a webhook secret; never its value.",
        "required": [
          "set"
        ],
        "properties": {
          "set": {
            "type": "boolean",
            "description": "Whether the config has a secret."
          },
          "setAt": {
            "type": "string",
            "format": "date-time",
            "description": "When it was set (creation or the last rotation)."
          },
          "setBy": {
            "type": "string",
            "description": "Who set it (a user entity ref)."
          },
          "lastFour": {
            "type": "string",
            "description": "Its last four characters, to tell it apart from another."
          }
        }
      },
      "NewWebhookSecret": {
        "type": "object",
        "description": "A new webhook secret, in the one answer that ever holds it.",
        "required": [
          "secret",
          "setAt",
          "setBy"
        ],
        "properties": {
          "secret": {
            "type": "string",
            "description": "GitLab's secret token, the HMAC-SHA256 key of GitHub and Gitea."
          },
          "setAt": {
            "type": "string",
            "format": "date-time"
          },
          "setBy": {
            "type": "string",
            "description": "Who set it (a user entity ref)."
          }
        }
      },
      "BuildStep": {
        "type": "object",
        "required": [
          "name",
          "state"
        ],
        "properties": {
          "name": {
            "type": "string",
            "enum": [
              "clone",
              "build",
              "push"
            ]
          },
          "state": {
            "type": "string",
            "enum": [
              "pending",
              "running",
              "succeeded",
              "failed",
              "cancelled"
            ]
          },
          "startedAt": {
            "type": "string",
            "format": "date-time"
          },
          "durationMs": {
            "type": "number"
          }
        }
      },
      "Build": {
        "type": "object",
        "required": [
          "id",
          "config",
          "number",
          "state",
          "trigger",
          "branch",
          "noCache",
          "attempts",
          "steps",
          "createdBy",
          "createdAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "config": {
            "type": "string"
          },
          "number": {
            "type": "integer"
          },
          "state": {
            "type": "string",
            "enum": [
              "queued",
              "running",
              "succeeded",
              "failed",
              "cancelled"
            ]
          },
          "trigger": {
            "type": "object",
            "required": [
              "type"
            ],
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "manual",
                  "webhook",
                  "retry"
                ]
              },
              "actor": {
                "type": "string"
              },
              "platform": {
                "type": "string",
                "enum": [
                  "gitlab",
                  "github",
                  "gitea"
                ]
              },
              "pusher": {
                "type": "string"
              },
              "deliveryId": {
                "type": "string"
              }
            }
          },
          "branch": {
            "type": "string"
          },
          "commit": {
            "type": "string"
          },
          "tag": {
            "type": "string"
          },
          "image": {
            "type": "string"
          },
          "digest": {
            "type": "string"
          },
          "noCache": {
            "type": "boolean"
          },
          "agent": {
            "type": "string"
          },
          "attempts": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "attempt",
                "agent",
                "startedAt"
              ],
              "properties": {
                "attempt": {
                  "type": "integer"
                },
                "agent": {
                  "type": "string"
                },
                "startedAt": {
                  "type": "string"
                },
                "endedAt": {
                  "type": "string"
                },
                "reason": {
                  "type": "string"
                }
              }
            }
          },
          "steps": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/BuildStep"
            }
          },
          "failedStep": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          },
          "startedAt": {
            "type": "string"
          },
          "finishedAt": {
            "type": "string"
          }
        }
      }
    },
    "responses": {
      "Error": {
        "description": "An error naming the problem.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    }
  },
  "paths": {
    "/configs": {
      "get": {
        "operationId": "ListBuildConfigs",
        "description": "A page of the build configs the caller is a member of (platform admins see all), by name,\nwith the cursor of the next page when there is one.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "Build configs by name.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/BuildConfig"
                      }
                    },
                    "nextCursor": {
                      "type": "string",
                      "description": "Pass as cursor for the next page; absent on the last page."
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "CreateBuildConfig",
        "description": "Creates a build config; the caller becomes its Owner and must be Developer or more on the image repository.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "allOf": [
                  {
                    "$ref": "#/components/schemas/BuildConfigInput"
                  },
                  {
                    "required": [
                      "name",
                      "repositoryUrl",
                      "imageRepository"
                    ]
                  }
                ]
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created: the config and its new webhook secret. This is the only answer that holds the\nsecret (rotate it to get a new one).\n",
            "content": {
              "application/json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/BuildConfig"
                    },
                    {
                      "type": "object",
                      "required": [
                        "webhookSecret"
                      ],
                      "properties": {
                        "webhookSecret": {
                          "type": "string",
                          "description": "The config's webhook secret, shown this once."
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/configs/{name}": {
      "get": {
        "operationId": "GetBuildConfig",
        "responses": {
          "200": {
            "description": "The build config and what the caller may do.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/BuildConfig"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          }
        ]
      },
      "patch": {
        "operationId": "UpdateBuildConfig",
        "description": "Changes any field but the name (Master).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/BuildConfigInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Updated.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/BuildConfig"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          }
        ]
      },
      "delete": {
        "operationId": "DeleteBuildConfig",
        "description": "Deletes the config with its builds (Owner); refused while builds are queued or running.",
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          }
        ]
      }
    },
    "/configs/{name}/webhooks": {
      "get": {
        "operationId": "GetBuildConfigWebhooks",
        "description": "The webhook URL per platform, with a setup hint, and whether a secret is set, when and by\nwhom (Master). Never the secret itself: it is shown once, at creation and on rotation.\n",
        "responses": {
          "200": {
            "description": "Webhooks.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "secret",
                    "endpoints"
                  ],
                  "properties": {
                    "secret": {
                      "$ref": "#/components/schemas/WebhookSecretStatus"
                    },
                    "endpoints": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "platform",
                          "url",
                          "hint"
                        ],
                        "properties": {
                          "platform": {
                            "type": "string",
                            "enum": [
                              "gitlab",
                              "github",
                              "gitea"
                            ]
                          },
                          "url": {
                            "type": "string"
                          },
                          "hint": {
                            "type": "string"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          }
        ]
      }
    },
    "/configs/{name}/webhooks/rotate": {
      "post": {
        "operationId": "RotateBuildConfigWebhookSecret",
        "description": "Replaces the webhook secret with a new one (Master) and returns it: the only answer besides\nthe config's creation that holds a secret. Deliveries signed with the old one are refused.\n",
        "responses": {
          "200": {
            "description": "The new secret.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/NewWebhookSecret"
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          }
        ]
      }
    },
    "/configs/{name}/builds": {
      "get": {
        "operationId": "ListBuilds",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,3}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Builds, newest first.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Build"
                      }
                    }
                  }
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "StartBuild",
        "description": "Starts a build by hand (Developer).",
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "branch": {
                    "type": "string"
                  },
                  "commit": {
                    "type": "string"
                  },
                  "tag": {
                    "type": "string"
                  },
                  "noCache": {
                    "type": "boolean"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Queued.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Build"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          }
        ]
      }
    },
    "/configs/{name}/builds/{number}": {
      "get": {
        "operationId": "GetBuild",
        "responses": {
          "200": {
            "description": "The build.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Build"
                }
              }
            }
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "number",
            "in": "path",
            "required": true,
            "description": "The build number within its config.",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,9}$"
            }
          }
        ]
      }
    },
    "/configs/{name}/builds/{number}/cancel": {
      "post": {
        "operationId": "CancelBuild",
        "description": "Cancels a queued or running build (Developer).",
        "responses": {
          "200": {
            "description": "The build, cancelled or being cancelled.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Build"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "number",
            "in": "path",
            "required": true,
            "description": "The build number within its config.",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,9}$"
            }
          }
        ]
      }
    },
    "/configs/{name}/builds/{number}/log": {
      "get": {
        "operationId": "GetBuildLog",
        "description": "Log lines after a cursor (Reporter); poll with the returned cursor while the build runs.",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "number",
            "in": "path",
            "required": true,
            "description": "The build number within its config.",
            "schema": {
              "type": "string",
              "pattern": "^[0-9]{1,9}$"
            }
          },
          {
            "name": "after",
            "in": "query",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Log lines.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "lines",
                    "cursor",
                    "complete"
                  ],
                  "properties": {
                    "lines": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "at",
                          "text",
                          "attempt"
                        ],
                        "properties": {
                          "at": {
                            "type": "string"
                          },
                          "text": {
                            "type": "string"
                          },
                          "attempt": {
                            "type": "integer"
                          }
                        }
                      }
                    },
                    "cursor": {
                      "type": "string"
                    },
                    "complete": {
                      "type": "boolean"
                    }
                  }
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/agents": {
      "get": {
        "operationId": "ListBuildAgents",
        "description": "A page of the live build agents (registered in etcd under a lease), by host, with the\ncursor of the next page when there is one.\n",
        "parameters": [
          {
            "$ref": "#/components/parameters/limit"
          },
          {
            "$ref": "#/components/parameters/cursor"
          }
        ],
        "responses": {
          "200": {
            "description": "Agents.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "items"
                  ],
                  "properties": {
                    "nextCursor": {
                      "type": "string",
                      "description": "Pass as cursor for the next page; absent on the last page."
                    },
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "host",
                          "capacity",
                          "running",
                          "cacheBytes",
                          "startedAt"
                        ],
                        "properties": {
                          "host": {
                            "type": "string"
                          },
                          "capacity": {
                            "type": "integer"
                          },
                          "running": {
                            "type": "integer"
                          },
                          "cacheBytes": {
                            "type": "number"
                          },
                          "startedAt": {
                            "type": "string"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/admin/operations": {
      "get": {
        "operationId": "AdminBuildOperations",
        "description": "Platform admins: builds started per UTC day over the last `days` days (oldest first, every\nday present, zeros included) with how many of them failed, and the latest failed builds\n(newest first, at most 20). Everyone else, services included, gets the empty 404 of an\nunknown route.\n",
        "parameters": [
          {
            "name": "days",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 90,
              "default": 30
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The build operations.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "days",
                    "failedBuilds"
                  ],
                  "properties": {
                    "days": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "date",
                          "builds",
                          "failed"
                        ],
                        "properties": {
                          "date": {
                            "type": "string",
                            "description": "YYYY-MM-DD (UTC)."
                          },
                          "builds": {
                            "type": "integer"
                          },
                          "failed": {
                            "type": "integer"
                          }
                        }
                      }
                    },
                    "failedBuilds": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "required": [
                          "config",
                          "number",
                          "failedAt",
                          "startedBy"
                        ],
                        "properties": {
                          "config": {
                            "type": "string"
                          },
                          "number": {
                            "type": "integer"
                          },
                          "failedAt": {
                            "type": "string",
                            "format": "date-time"
                          },
                          "step": {
                            "type": "string",
                            "description": "The failed step (clone, build, push)."
                          },
                          "reason": {
                            "type": "string"
                          },
                          "startedBy": {
                            "type": "string",
                            "description": "A user entity ref, or <platform>:<pusher> for webhook builds."
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "description": "Not a platform admin (the same empty 404 as an unknown route)."
          }
        }
      }
    },
    "/webhooks/{name}/{platform}": {
      "post": {
        "operationId": "ReceiveWebhook",
        "description": "A push webhook, signed as its platform signs it (GitLab X-Gitlab-Token, GitHub\nX-Hub-Signature-256, Gitea X-Gitea-Signature). Unauthenticated otherwise.\n",
        "security": [],
        "requestBody": {
          "content": {
            "application/json": {
              "schema": {
                "type": "object"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "A build was queued.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Build"
                }
              }
            }
          },
          "202": {
            "description": "Ignored (another branch or event, a replayed delivery), with the reason.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "ignored": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          }
        },
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "description": "The build config name (a DNS-1123 label).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "platform",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "enum": [
                "gitlab",
                "github",
                "gitea"
              ]
            }
          }
        ]
      }
    }
  }
} as const;
